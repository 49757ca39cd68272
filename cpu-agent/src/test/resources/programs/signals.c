/* Signal handlers a process runs for signals it sends itself: entry, frame, mask, alternate stack,
 * sigreturn, SIGPIPE, and a signal to another thread. Output must match qemu-riscv64's; only signals
 * to this process and its threads are sent (kill of another pid would reach the host's processes under
 * qemu). Loops run hot enough to be translated. The handler's sa_mask, which qemu-riscv64 leaves out,
 * is sigmask.c's. */
#define _GNU_SOURCE
#include <errno.h>
#include <fenv.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/ucontext.h>
#include <unistd.h>

static volatile int count1, order[8], norder;
static volatile int usr1BlockedInHandler;
static volatile long savedPc, savedA7, sigCode, sigPid, sigNo;
static volatile uintptr_t handlerLocal;
static volatile int altFlagsInHandler, altChangeInHandler;
static sigjmp_buf jump;

static int blocked(int sig) {
    sigset_t now;
    sigprocmask(SIG_BLOCK, NULL, &now);
    return sigismember(&now, sig);
}

static void onUsr1(int sig) {
    (void) sig;
    count1++;
    usr1BlockedInHandler = blocked(SIGUSR1);
}

static void returnsAtOnce(int sig) {
    (void) sig;
}

static void withInfo(int sig, siginfo_t *info, void *context) {
    ucontext_t *uc = context;
    sigNo = info->si_signo;
    sigCode = info->si_code;
    sigPid = info->si_pid;
    savedPc = uc->uc_mcontext.__gregs[0];
    savedA7 = uc->uc_mcontext.__gregs[17];
    uc->uc_mcontext.__gregs[10] = 42; /* the interrupted system call now returns 42 */
    fesetround(FE_TOWARDZERO);        /* rt_sigreturn puts fcsr back */
    (void) sig;
}

static void nestedOuter(int sig) {
    (void) sig;
    order[norder++] = 1;
    raise(SIGUSR2);
    order[norder++] = 3;
}

static void nestedInner(int sig) {
    (void) sig;
    order[norder++] = 2;
}

static void onAltStack(int sig) {
    int local;
    stack_t now;
    (void) sig;
    handlerLocal = (uintptr_t) &local;
    sigaltstack(NULL, &now);
    altFlagsInHandler = now.ss_flags;
    errno = 0;
    stack_t other = {.ss_sp = now.ss_sp, .ss_size = now.ss_size};
    altChangeInHandler = sigaltstack(&other, NULL) == -1 ? errno : 0; /* EPERM while on it */
}

static void jumpOut(int sig) {
    (void) sig;
    siglongjmp(jump, 7);
}

static volatile int pipeSignals;
static void onPipe(int sig) {
    (void) sig;
    pipeSignals++;
}

static volatile int threadGot;
static volatile pid_t threadTid;
static void onThreadSignal(int sig) {
    (void) sig;
    threadGot = gettid() == threadTid ? 1 : -1;
}

static void *worker(void *arg) {
    (void) arg;
    threadTid = gettid();
    while (!threadGot) {
        sched_yield();
    }
    return NULL;
}

static void on(int sig, void (*handler)(int), int flags) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sa.sa_flags = flags;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, NULL);
}

int main(void) {
    /* A handler run 20,000 times: its signal blocked during the call, unblocked after it. */
    on(SIGUSR1, onUsr1, 0);
    for (int i = 0; i < 20000; i++) {
        raise(SIGUSR1);
    }
    printf("usr1 handled %d times; in it usr1 blocked %d; after it usr1 blocked %d\n", count1,
           usr1BlockedInHandler, blocked(SIGUSR1));

    /* SA_NODEFER leaves the signal itself unblocked in its handler. */
    on(SIGUSR1, onUsr1, SA_NODEFER);
    raise(SIGUSR1);
    printf("nodefer: usr1 blocked in handler %d\n", usr1BlockedInHandler);

    /* SA_SIGINFO: what the handler is told, and what it changes in the interrupted context. */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = withInfo;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR2, &sa, NULL);
    long results = 0;
    for (int i = 0; i < 20000; i++) {
        results += syscall(SYS_tgkill, getpid(), gettid(), SIGUSR2);
    }
    printf("tgkill returned %ld in all (42 each); signo %ld code %ld pid is ours %d; a7 %ld; rounding %s\n",
           results, sigNo, sigCode, sigPid == getpid(), savedA7,
           fegetround() == FE_TONEAREST ? "restored" : "changed");
    printf("interrupted pc %#lx\n", savedPc);
    kill(getpid(), SIGUSR2);
    printf("kill: signo %ld code %ld pid is ours %d\n", sigNo, sigCode, sigPid == getpid());

    /* A blocked signal pends until unblocked, then runs at once. */
    on(SIGUSR1, onUsr1, 0);
    count1 = 0;
    sigset_t set, old;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigprocmask(SIG_BLOCK, &set, &old);
    raise(SIGUSR1);
    raise(SIGUSR1);
    sigset_t pending;
    sigpending(&pending);
    printf("blocked: handled %d, pending %d\n", count1, sigismember(&pending, SIGUSR1));
    sigprocmask(SIG_SETMASK, &old, NULL);
    printf("unblocked: handled %d\n", count1);

    /* Ignoring a pending signal drops it. */
    sigprocmask(SIG_BLOCK, &set, &old);
    raise(SIGUSR1);
    signal(SIGUSR1, SIG_IGN);
    sigpending(&pending);
    printf("ignored: pending %d\n", sigismember(&pending, SIGUSR1));
    sigprocmask(SIG_SETMASK, &old, NULL);
    raise(SIGUSR1);
    printf("ignored signal raised: still running\n");

    /* SA_RESETHAND: one run, then the default action is back. */
    on(SIGUSR1, onUsr1, SA_RESETHAND);
    count1 = 0;
    raise(SIGUSR1);
    struct sigaction now;
    sigaction(SIGUSR1, NULL, &now);
    printf("resethand: handled %d, now default %d\n", count1, now.sa_handler == SIG_DFL);

    /* A handler that raises another signal runs that one's handler inside it. */
    on(SIGUSR1, nestedOuter, 0);
    on(SIGUSR2, nestedInner, 0);
    raise(SIGUSR1);
    printf("nested order:");
    for (int i = 0; i < norder; i++) {
        printf(" %d", order[i]);
    }
    printf("\n");

    /* The alternate stack: the handler runs on it and sees it in use. */
    static char altStack[65536];
    stack_t ss = {.ss_sp = altStack, .ss_size = sizeof altStack, .ss_flags = 0};
    printf("sigaltstack %d\n", sigaltstack(&ss, NULL));
    on(SIGUSR1, onAltStack, SA_ONSTACK);
    raise(SIGUSR1);
    stack_t after;
    sigaltstack(NULL, &after);
    printf("handler on the alternate stack %d, flags there %d, changing it there: errno %d, flags after %d\n",
           handlerLocal >= (uintptr_t) altStack && handlerLocal < (uintptr_t) altStack + sizeof altStack,
           altFlagsInHandler, altChangeInHandler, after.ss_flags);
    stack_t tiny = {.ss_sp = altStack, .ss_size = 100, .ss_flags = 0};
    errno = 0;
    printf("too small: %d errno %d\n", sigaltstack(&tiny, NULL), errno);
    stack_t badFlags = {.ss_sp = altStack, .ss_size = sizeof altStack, .ss_flags = 5};
    errno = 0;
    printf("bad flags: %d errno %d\n", sigaltstack(&badFlags, NULL), errno);
    stack_t off = {.ss_flags = SS_DISABLE};
    sigaltstack(&off, NULL);
    sigaltstack(NULL, &after);
    printf("disabled: flags %d\n", after.ss_flags);

    /* siglongjmp out of a handler puts back the mask sigsetjmp saved. */
    on(SIGUSR1, jumpOut, 0);
    int jumped = sigsetjmp(jump, 1);
    if (jumped == 0) {
        raise(SIGUSR1);
        printf("not reached\n");
    }
    printf("siglongjmp %d, usr1 blocked after %d\n", jumped, blocked(SIGUSR1));

    /* SIGPIPE: handled, then the write fails with EPIPE; ignored, it fails alike. */
    int fds[2];
    pipe(fds);
    close(fds[0]);
    signal(SIGPIPE, onPipe);
    errno = 0;
    long n = write(fds[1], "x", 1);
    printf("sigpipe handled %d, write %ld errno %d\n", pipeSignals, n, errno);
    signal(SIGPIPE, SIG_IGN);
    errno = 0;
    n = write(fds[1], "x", 1);
    printf("sigpipe ignored: handled %d, write %ld errno %d\n", pipeSignals, n, errno);
    close(fds[1]);

    /* A signal to another thread runs its handler on that thread. */
    on(SIGUSR2, onThreadSignal, 0);
    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    while (!threadTid) {
        sched_yield();
    }
    pthread_kill(t, SIGUSR2);
    pthread_join(t, NULL);
    printf("thread signal handled on that thread: %d\n", threadGot);

    /* abort() with a handler that returns still ends the process with SIGABRT. */
    fflush(stdout);
    on(SIGABRT, returnsAtOnce, 0);
    abort();
}
