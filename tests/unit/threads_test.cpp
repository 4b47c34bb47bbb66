// Worker threads: each runs its body once, on a CPU of the process's set other than its
// creator's when there is one, and with the process's whole set of CPUs once running.
#include <gtest/gtest.h>
#include <sched.h>

#include <atomic>
#include <vector>

#include "source/threads.h"

namespace clearance::source {
namespace {

bool same_set(const cpu_set_t& a, const cpu_set_t& b) { return CPU_EQUAL(&a, &b); }

TEST(WorkerThreads, EachRunsOnceAndGetsTheWholeSetBack) {
  cpu_set_t process;
  ASSERT_EQ(sched_getaffinity(0, sizeof process, &process), 0);
  std::atomic<int> runs{0};
  std::atomic<int> whole_set{0};
  {
    std::vector<WorkerThread> workers;
    for (unsigned i = 1; i <= 4; ++i)
      workers.emplace_back([&] {
        cpu_set_t mine;
        if (sched_getaffinity(0, sizeof mine, &mine) == 0 && same_set(mine, process)) ++whole_set;
        ++runs;
      }, i);
    workers[0].join();  // joining twice (here and on destruction) is harmless
  }
  EXPECT_EQ(runs.load(), 4);
  EXPECT_EQ(whole_set.load(), 4);
}

TEST(WorkerThreads, StartOnTheOtherCpusInTurn) {
  cpu_set_t set;
  CPU_ZERO(&set);
  for (int cpu : {0, 1, 2, 3}) CPU_SET(cpu, &set);
  EXPECT_EQ(worker_start_cpu(set, 1, 1), 0);
  EXPECT_EQ(worker_start_cpu(set, 1, 2), 2);
  EXPECT_EQ(worker_start_cpu(set, 1, 3), 3);
  EXPECT_EQ(worker_start_cpu(set, 1, 4), 0);  // more workers than other CPUs: round again
  EXPECT_EQ(worker_start_cpu(set, 7, 1), 0);  // the creator on a CPU outside the set
  EXPECT_EQ(worker_start_cpu(set, -1, 1), -1);  // where the creator runs is not known
  CPU_ZERO(&set);
  CPU_SET(5, &set);
  EXPECT_EQ(worker_start_cpu(set, 5, 1), -1);  // no other CPU
  EXPECT_EQ(worker_start_cpu(set, 2, 1), 5);
}

TEST(WorkerThreads, AloneOnOneCpuStillRuns) {
  cpu_set_t process;
  ASSERT_EQ(sched_getaffinity(0, sizeof process, &process), 0);
  const int here = sched_getcpu();
  ASSERT_GE(here, 0);
  cpu_set_t one;
  CPU_ZERO(&one);
  CPU_SET(here, &one);
  ASSERT_EQ(sched_setaffinity(0, sizeof one, &one), 0);
  bool ran = false;
  bool kept_the_one_cpu = false;
  {
    WorkerThread worker(
        [&] {
          ran = true;
          cpu_set_t mine;
          kept_the_one_cpu = sched_getaffinity(0, sizeof mine, &mine) == 0 && same_set(mine, one);
        },
        1);
  }
  sched_setaffinity(0, sizeof process, &process);
  EXPECT_TRUE(ran);
  EXPECT_TRUE(kept_the_one_cpu);
}

}  // namespace
}  // namespace clearance::source
