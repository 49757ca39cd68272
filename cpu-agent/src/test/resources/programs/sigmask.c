/* The mask while a signal handler runs: the signal itself and the action's sa_mask are added to the
 * interrupted mask, which comes back when the handler returns. Plain C, so the test compares hsaj with
 * this program built for the host and run on its kernel (qemu-riscv64 leaves sa_mask out). */
#include <signal.h>
#include <stdio.h>
#include <string.h>

static int blocked(int sig) {
    sigset_t now;
    sigprocmask(SIG_BLOCK, NULL, &now);
    return sigismember(&now, sig);
}

static volatile int inHandler[4];

static void handler(int sig) {
    (void) sig;
    inHandler[0] = blocked(SIGUSR1);
    inHandler[1] = blocked(SIGUSR2);
    inHandler[2] = blocked(SIGTERM);
    inHandler[3] = blocked(SIGHUP);
}

int main(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sigemptyset(&sa.sa_mask);
    sigaddset(&sa.sa_mask, SIGUSR2);
    sigaddset(&sa.sa_mask, SIGTERM);
    sigaddset(&sa.sa_mask, SIGKILL); /* never blocked: dropped from the mask */
    sigaction(SIGUSR1, &sa, NULL);
    struct sigaction stored;
    sigaction(SIGUSR1, NULL, &stored);
    printf("stored mask: usr2 %d term %d kill %d\n", sigismember(&stored.sa_mask, SIGUSR2),
           sigismember(&stored.sa_mask, SIGTERM), sigismember(&stored.sa_mask, SIGKILL));
    sigset_t hup;
    sigemptyset(&hup);
    sigaddset(&hup, SIGHUP);
    sigprocmask(SIG_BLOCK, &hup, NULL);
    raise(SIGUSR1);
    printf("in the handler: usr1 %d usr2 %d term %d hup %d\n", inHandler[0], inHandler[1], inHandler[2],
           inHandler[3]);
    printf("after it: usr1 %d usr2 %d term %d hup %d\n", blocked(SIGUSR1), blocked(SIGUSR2), blocked(SIGTERM),
           blocked(SIGHUP));
    return 0;
}
