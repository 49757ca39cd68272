/* Threads: four POSIX threads add to a mutex-protected counter and to an atomic counter, meet at a
 * barrier, then pass items through a bounded queue guarded by a mutex and two condition variables.
 * Every printed figure is independent of the interleaving. Size: increments per thread. */
#include <pthread.h>
#include "kernel.h"

#define THREADS 4
#define QUEUE 16

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long locked_counter;
static uint64_t atomic_counter;
static uint64_t atomic_xor;
static pthread_barrier_t barrier;

static struct {
    pthread_mutex_t lock;
    pthread_cond_t not_empty, not_full;
    uint64_t items[QUEUE];
    int head, count;
} queue = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, PTHREAD_COND_INITIALIZER, { 0 }, 0, 0 };

static void queue_put(uint64_t v)
{
    pthread_mutex_lock(&queue.lock);
    while (queue.count == QUEUE)
        pthread_cond_wait(&queue.not_full, &queue.lock);
    queue.items[(queue.head + queue.count) % QUEUE] = v;
    queue.count++;
    pthread_cond_signal(&queue.not_empty);
    pthread_mutex_unlock(&queue.lock);
}

static uint64_t queue_take(void)
{
    pthread_mutex_lock(&queue.lock);
    while (queue.count == 0)
        pthread_cond_wait(&queue.not_empty, &queue.lock);
    uint64_t v = queue.items[queue.head];
    queue.head = (queue.head + 1) % QUEUE;
    queue.count--;
    pthread_cond_signal(&queue.not_full);
    pthread_mutex_unlock(&queue.lock);
    return v;
}

typedef struct {
    int id;
    long iterations;
    uint64_t local_sum;   /* this thread's own work, checked by main */
    uint64_t taken_sum;   /* what the consumer thread took from the queue */
} worker_t;

static void *work(void *arg)
{
    worker_t *w = arg;
    rng_t rng = { (uint64_t)w->id * 1000 + 1 };
    for (long i = 0; i < w->iterations; i++) {
        uint64_t v = rng_below(&rng, 1000);
        w->local_sum += v;
        pthread_mutex_lock(&lock);
        locked_counter += (long)v;
        pthread_mutex_unlock(&lock);
        __atomic_fetch_add(&atomic_counter, v, __ATOMIC_RELAXED);
        __atomic_fetch_xor(&atomic_xor, v << (i % 50), __ATOMIC_ACQ_REL);
    }
    pthread_barrier_wait(&barrier);
    /* Threads 1..3 produce, thread 0 consumes everything they produce. */
    long per_producer = w->iterations / 8 + 1;
    if (w->id == 0) {
        for (long k = 0; k < per_producer * (THREADS - 1); k++)
            w->taken_sum += queue_take();
    } else {
        for (long k = 0; k < per_producer; k++)
            queue_put((uint64_t)w->id * 1000003 + (uint64_t)k);
    }
    return NULL;
}

int main(int argc, char **argv)
{
    long iterations = kernel_size(argc, argv, 20000, 600000);
    pthread_t tid[THREADS];
    static worker_t workers[THREADS];
    if (pthread_barrier_init(&barrier, NULL, THREADS) != 0)
        kernel_fail("pthread_barrier_init");
    for (int t = 0; t < THREADS; t++) {
        workers[t].id = t;
        workers[t].iterations = iterations;
        if (pthread_create(&tid[t], NULL, work, &workers[t]) != 0)
            kernel_fail("pthread_create");
    }
    for (int t = 0; t < THREADS; t++)
        if (pthread_join(tid[t], NULL) != 0)
            kernel_fail("pthread_join");

    uint64_t expected = 0, expected_xor = 0, expected_taken = 0;
    long per_producer = iterations / 8 + 1;
    for (int t = 0; t < THREADS; t++) {
        expected += workers[t].local_sum;
        rng_t rng = { (uint64_t)t * 1000 + 1 };
        for (long i = 0; i < iterations; i++)
            expected_xor ^= rng_below(&rng, 1000) << (i % 50);
        if (t > 0)
            for (long k = 0; k < per_producer; k++)
                expected_taken += (uint64_t)t * 1000003 + (uint64_t)k;
    }
    if ((uint64_t)locked_counter != expected)
        kernel_fail("mutex-protected counter lost updates");
    if (atomic_counter != expected)
        kernel_fail("atomic counter lost updates");
    if (atomic_xor != expected_xor)
        kernel_fail("atomic xor");
    if (workers[0].taken_sum != expected_taken)
        kernel_fail("queue lost or duplicated items");
    printf("threads=%d iterations=%ld counter=%ld atomic=%llu xor=%016llx queued=%llu\n", THREADS, iterations,
           locked_counter, (unsigned long long)atomic_counter, (unsigned long long)atomic_xor,
           (unsigned long long)workers[0].taken_sum);
    pthread_barrier_destroy(&barrier);
    return 0;
}
