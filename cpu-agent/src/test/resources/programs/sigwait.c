/* Waiting for signals: sigtimedwait and sigwaitinfo (rt_sigtimedwait) take a pending signal of their set
 * without running its action, wait for one another thread sends, time out with EAGAIN, and give way to a
 * handled signal outside their set with EINTR; sigsuspend (rt_sigsuspend) waits with a temporary mask,
 * runs the handler with it and restores the mask from before. The process ends while one thread still
 * waits in sigsuspend and another in sigwait. Output must match qemu-riscv64's. */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include "show.h"

static volatile int handled[65];
static volatile int usr2_blocked_in_handler = -1;
static pthread_t main_thread;

static void handler(int sig)
{
    sigset_t now;
    sigprocmask(SIG_BLOCK, NULL, &now);
    usr2_blocked_in_handler = sigismember(&now, SIGUSR2);
    handled[sig]++;
}

static void sleep_ms(long ms)
{
    struct timespec t = {0, ms * 1000000L};
    nanosleep(&t, NULL);
}

/* Sends `sig` to the main thread after 20 ms. */
static void *send_later(void *arg)
{
    sleep_ms(20);
    pthread_kill(main_thread, (int)(long)arg);
    return NULL;
}

/* Waits for a signal nobody sends: in sigwait when arg is set, else in sigsuspend. */
static void *wait_forever(void *arg)
{
    sigset_t set;
    sigemptyset(&set);
    if (arg) {
        int sig;
        sigaddset(&set, SIGTERM);
        sigwait(&set, &sig);
    } else {
        sigsuspend(&set);
    }
    return NULL;
}

static pthread_t later(int sig)
{
    pthread_t t;
    pthread_create(&t, NULL, send_later, (void *)(long)sig);
    return t;
}

static void show_mask(const char *when)
{
    sigset_t now;
    sigprocmask(SIG_BLOCK, NULL, &now);
    printf("%-28s USR1 %d USR2 %d TERM %d\n", when, sigismember(&now, SIGUSR1), sigismember(&now, SIGUSR2),
           sigismember(&now, SIGTERM));
}

int main(void)
{
    main_thread = pthread_self();
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sigaction(SIGUSR1, &sa, NULL);
    sigaction(SIGUSR2, &sa, NULL);

    sigset_t usr1, usr1_usr2, none;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    sigemptyset(&usr1_usr2);
    sigaddset(&usr1_usr2, SIGUSR1);
    sigaddset(&usr1_usr2, SIGUSR2);
    sigemptyset(&none);
    struct timespec zero = {0, 0}, short_wait = {0, 50000000L}, long_wait = {5, 0}, bad = {0, 1000000000L};
    struct timespec centuries = {9300000000L, 0}; /* more nanoseconds than a long holds */

    /* Nothing pending: no wait with a zero timeout, EAGAIN after a short one, EINVAL for a bad one. */
    sigprocmask(SIG_SETMASK, &usr1, NULL);
    show("sigtimedwait, zero timeout", sigtimedwait(&usr1, NULL, &zero));
    show("sigtimedwait, 50 ms", sigtimedwait(&usr1, NULL, &short_wait));
    show("sigtimedwait, bad timeout", sigtimedwait(&usr1, NULL, &bad));

    /* A pending blocked signal is taken, its handler not run, its siginfo written. */
    raise(SIGUSR1);
    siginfo_t info;
    memset(&info, 0, sizeof info);
    show("sigwaitinfo, USR1 pending", sigwaitinfo(&usr1, &info));
    printf("%-28s signo %d code %d from self %d handled %d\n", "  its siginfo", info.si_signo, info.si_code,
           info.si_pid == getpid(), handled[SIGUSR1]);
    show("sigtimedwait, taken already", sigtimedwait(&usr1, NULL, &zero));
    raise(SIGUSR1);
    show("sigtimedwait, 300 years", sigtimedwait(&usr1, NULL, &centuries));

    /* One another thread sends while this one waits. */
    pthread_t t = later(SIGUSR1);
    int sig;
    int rc = sigwait(&usr1, &sig);
    pthread_join(t, NULL);
    printf("%-28s rc %d signal %d handled %d\n", "sigwait, USR1 from a thread", rc, sig, handled[SIGUSR1]);

    /* A handled signal outside the set, unblocked, ends the wait with EINTR after its handler ran. */
    t = later(SIGUSR2);
    show("sigtimedwait, USR2 arrives", sigtimedwait(&usr1, NULL, &long_wait));
    pthread_join(t, NULL);
    printf("%-28s %d\n", "  USR2 handled", handled[SIGUSR2]);

    /* sigsuspend: USR1 and USR2 blocked, suspended with none; USR1 from a thread runs the handler with
     * the temporary mask (USR2 not blocked in it), then the old mask is back. */
    sigprocmask(SIG_SETMASK, &usr1_usr2, NULL);
    t = later(SIGUSR1);
    show("sigsuspend, USR1 arrives", sigsuspend(&none));
    pthread_join(t, NULL);
    printf("%-28s %d, USR2 blocked in it %d\n", "  USR1 handled", handled[SIGUSR1], usr2_blocked_in_handler);
    show_mask("  mask after sigsuspend");

    /* A signal pending before sigsuspend runs at once. */
    raise(SIGUSR2);
    show("sigsuspend, USR2 pending", sigsuspend(&usr1));
    printf("%-28s %d\n", "  USR2 handled", handled[SIGUSR2]);
    show_mask("  mask after sigsuspend");

    /* Bad arguments: a set size other than 8, a set that cannot be read. */
    show("rt_sigtimedwait, set size 4", syscall(137, &usr1, NULL, &zero, 4));
    show("rt_sigtimedwait, unreadable set", syscall(137, (void *)8, NULL, &zero, 8));
    show("rt_sigsuspend, set size 16", syscall(133, &none, 16));
    show("rt_sigsuspend, unreadable set", syscall(133, (void *)8, 8));
    show_mask("mask at the end");

    pthread_t forever;
    pthread_create(&forever, NULL, wait_forever, NULL);
    pthread_create(&forever, NULL, wait_forever, (void *)1);
    sleep_ms(20);
    return 0;
}
