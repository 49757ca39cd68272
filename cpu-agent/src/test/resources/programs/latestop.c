/* A loop made hot while the process has one thread runs again, forever, once a second thread has
 * started; that thread's exit must still end the process (the loop must notice the stop request). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static volatile unsigned long sink;

/* Two blocks per turn (the store is conditional), so the loop's back edge is not a block's jump to
 * itself. noipa: gcc makes no copy of spin specialised for the endless call, which would be new code. */
__attribute__((noinline, noipa)) static unsigned long spin(unsigned long n)
{
    unsigned long acc = 0;
    for (unsigned long i = 0; i < n; i++) {
        acc += i * 7;
        if (acc & 8)
            sink = acc;
    }
    return acc;
}

static void *stopper(void *arg)
{
    (void)arg;
    usleep(100000);
    printf("the second thread ends the process\n");
    exit(3);
}

int main(void)
{
    unsigned long total = 0;
    for (int i = 0; i < 3000; i++)
        total += spin(1000);
    printf("warm: %lu\n", total);
    pthread_t t;
    if (pthread_create(&t, NULL, stopper, NULL) != 0)
        return 1;
    spin(~0UL);
    printf("not reached\n");
    return 0;
}
