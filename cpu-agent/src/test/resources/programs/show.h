/* What the system-call test programs print for each call: its result, or -1 and errno's name, so a
 * run compares line for line with the kernel's answers. Resets errno. */
#ifndef SHOW_H
#define SHOW_H
#include <errno.h>
#include <stdio.h>
#include <string.h>

static void show(const char *what, long result)
{
    if (result < 0)
        printf("%-28s -1 %s\n", what, strerrorname_np(errno));
    else
        printf("%-28s %ld\n", what, result);
    errno = 0;
}
#endif
