/* Which pending signal a thread takes, and who runs it. A wait takes a synchronous signal (SIGSEGV and
 * the other faults' signals) before a lower-numbered one. sigsuspend returns only after a handler ran
 * in its own thread, although another thread, which does not block the signal, keeps returning from
 * system calls while signals for the whole process arrive (a thread there must not take the signal the
 * waiter woke for). Compared with the same program on the host kernel (qemu-riscv64 7.2 takes signals
 * in number order). */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define SENDS 2000

static __thread volatile int handled_here;
static volatile int stop;
static pthread_t main_thread;

static void handler(int sig)
{
    (void)sig;
    handled_here++;
}

/* Returns from a system call again and again, SIGUSR1 unblocked: a thread that could take it. */
static void *busy(void *arg)
{
    (void)arg;
    sigset_t none;
    sigemptyset(&none);
    pthread_sigmask(SIG_SETMASK, &none, NULL);
    while (!stop)
        syscall(SYS_getppid);
    return NULL;
}

static void *sender(void *arg)
{
    (void)arg;
    struct timespec pause = {0, 200000};
    for (int i = 0; i < SENDS; i++) {
        kill(getpid(), SIGUSR1);
        nanosleep(&pause, NULL);
    }
    stop = 1;
    pthread_kill(main_thread, SIGUSR1);
    return NULL;
}

int main(void)
{
    sigset_t both, usr1, none;
    sigemptyset(&both);
    sigaddset(&both, SIGUSR1);
    sigaddset(&both, SIGSEGV);
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    sigemptyset(&none);
    struct timespec zero = {0, 0};

    sigprocmask(SIG_BLOCK, &both, NULL);
    raise(SIGUSR1);
    raise(SIGSEGV);
    int first = sigtimedwait(&both, NULL, &zero);
    int second = sigtimedwait(&both, NULL, &zero);
    printf("taken first %d, then %d\n", first, second);
    sigprocmask(SIG_UNBLOCK, &both, NULL);

    main_thread = pthread_self();
    struct sigaction sa = {0};
    sa.sa_handler = handler;
    sigaction(SIGUSR1, &sa, NULL);
    sigprocmask(SIG_BLOCK, &usr1, NULL);
    pthread_t b, s;
    pthread_create(&b, NULL, busy, NULL);
    pthread_create(&s, NULL, sender, NULL);
    int returns = 0, without_handler = 0;
    while (!stop) {
        int before = handled_here;
        sigsuspend(&none);
        returns++;
        if (handled_here == before)
            without_handler++;
    }
    pthread_join(s, NULL);
    pthread_join(b, NULL);
    printf("sigsuspend returned %s, without a handler in its thread %d times\n", returns > 0 ? "yes" : "no",
           without_handler);
    return 0;
}
