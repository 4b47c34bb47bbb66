#include "source/threads.h"

#include <sched.h>

#include <exception>
#include <memory>
#include <system_error>
#include <utility>
#include <vector>

namespace clearance::source {

namespace {

struct Start {
  std::function<void()> body;
  cpu_set_t process_cpus;
  bool placed = false;  // started bound to one CPU: give the whole set back first
};

void* run(void* arg) {
  std::unique_ptr<Start> start(static_cast<Start*>(arg));
  if (start->placed) sched_setaffinity(0, sizeof start->process_cpus, &start->process_cpus);
  try {
    start->body();
  } catch (...) {
    std::terminate();  // as an exception leaving a std::thread does
  }
  return nullptr;
}

}  // namespace

int worker_start_cpu(const cpu_set_t& process_cpus, int current_cpu, unsigned index) {
  if (current_cpu < 0) return -1;
  std::vector<int> others;
  for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu)
    if (CPU_ISSET(cpu, &process_cpus) && cpu != current_cpu) others.push_back(cpu);
  if (others.empty()) return -1;
  return others[(index == 0 ? 0 : index - 1) % others.size()];
}

WorkerThread::WorkerThread(std::function<void()> body, unsigned index) {
  auto start = std::make_unique<Start>();
  start->body = std::move(body);
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  CPU_ZERO(&start->process_cpus);
  if (sched_getaffinity(0, sizeof start->process_cpus, &start->process_cpus) == 0) {
    if (const int cpu = worker_start_cpu(start->process_cpus, sched_getcpu(), index); cpu >= 0) {
      cpu_set_t one;
      CPU_ZERO(&one);
      CPU_SET(cpu, &one);
      start->placed = pthread_attr_setaffinity_np(&attr, sizeof one, &one) == 0;
    }
  }
  int rc = pthread_create(&handle_, &attr, run, start.get());
  pthread_attr_destroy(&attr);
  if (rc != 0 && start->placed) {  // the CPU could not be had (gone offline, a cgroup): anywhere
    start->placed = false;
    rc = pthread_create(&handle_, nullptr, run, start.get());
  }
  if (rc != 0) throw std::system_error(rc, std::generic_category(), "cannot start a worker thread");
  start.release();  // run() owns it now
  joinable_ = true;
}

WorkerThread::WorkerThread(WorkerThread&& other) noexcept
    : handle_(other.handle_), joinable_(std::exchange(other.joinable_, false)) {}

WorkerThread::~WorkerThread() { join(); }

void WorkerThread::join() {
  if (!joinable_) return;
  pthread_join(handle_, nullptr);
  joinable_ = false;
}

}  // namespace clearance::source
