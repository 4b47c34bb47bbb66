#pragma once
// Worker threads that start on another CPU than the thread that starts them.
//
// Linux puts a new thread on its creator's CPU and moves it to an idle one only when it next
// balances load, a scheduler tick or more later (about 4 ms on the 2-core machines CI runs
// on). A thread that starts workers here goes on working itself, so for those milliseconds the
// two share one CPU while another idles: at every phase of a run, ~5% of a check of 1,600
// Dockerfiles. A worker is therefore created bound to one of the other CPUs of the process
// (each worker the next one, in turn) and, once running there, takes back the process's whole
// set of CPUs, free to move as any thread. Without a set to choose from (one CPU, or more than
// the kernel's cpu_set_t holds) it starts as any thread does.
#include <pthread.h>
#include <sched.h>

#include <functional>

namespace clearance::source {

class WorkerThread {
 public:
  // Runs `body` on a new thread; `index` (1, 2, ...) picks which other CPU it starts on.
  // Throws std::system_error when no thread can be created.
  WorkerThread(std::function<void()> body, unsigned index);
  WorkerThread(WorkerThread&& other) noexcept;
  WorkerThread& operator=(WorkerThread&&) = delete;
  WorkerThread(const WorkerThread&) = delete;
  WorkerThread& operator=(const WorkerThread&) = delete;
  ~WorkerThread();  // joins

  void join();

 private:
  pthread_t handle_{};
  bool joinable_ = false;
};

// The CPU worker number `index` (1, 2, ...) starts on: the index-th, in turn, of the process's
// CPUs other than `current_cpu` (the creator's); -1 when there is none.
int worker_start_cpu(const cpu_set_t& process_cpus, int current_cpu, unsigned index);

}  // namespace clearance::source
