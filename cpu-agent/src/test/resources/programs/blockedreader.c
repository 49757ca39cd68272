/* Exits while a second thread is blocked reading standard input (see GuestThreadLifetimeTest): the
 * host side of that read creates the file "reading" in the working directory, then blocks. */
#include <pthread.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static void *reader(void *arg)
{
    char c;
    if (read(0, &c, 1) < 0)
        return NULL;
    return arg;
}

int main(void)
{
    pthread_t t;
    if (pthread_create(&t, NULL, reader, NULL) != 0)
        return 1;
    struct timespec pause = {0, 1000000};
    while (access("reading", F_OK) != 0)
        nanosleep(&pause, NULL);
    exit(3);
}
