/* Four threads: a mutex-protected counter, atomics, a condition variable hand-off and joins. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t ready = PTHREAD_COND_INITIALIZER;
static long counter;
static atomic_long total;
static int turn;

static void *work(void *arg) {
    long id = (long) arg;
    for (int i = 0; i < 20000; i++) {
        pthread_mutex_lock(&lock);
        counter++;
        pthread_mutex_unlock(&lock);
        atomic_fetch_add(&total, id);
    }
    pthread_mutex_lock(&lock);
    while (turn != id) pthread_cond_wait(&ready, &lock);
    printf("thread %ld done\n", id);
    turn++;
    pthread_cond_broadcast(&ready);
    pthread_mutex_unlock(&lock);
    return (void *) (id * 10);
}

int main(void) {
    pthread_t t[4];
    for (long i = 0; i < 4; i++) pthread_create(&t[i], NULL, work, (void *) i);
    long sum = 0;
    for (int i = 0; i < 4; i++) {
        void *r;
        pthread_join(t[i], &r);
        sum += (long) r;
    }
    printf("counter %ld total %ld joined %ld\n", counter, (long) total, sum);
    return 0;
}
