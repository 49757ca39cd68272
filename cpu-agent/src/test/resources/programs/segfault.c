#include <stdio.h>
int main(void) {
    printf("before\n");
    fflush(stdout);
    volatile int *p = (int *) 16;
    return *p;
}
