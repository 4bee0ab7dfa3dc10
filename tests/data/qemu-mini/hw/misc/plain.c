/*
 * A file without migration state: changes to it are not VMState-relevant.
 */
#include "qemu/osdep.h"

int plain_answer(void)
{
    return 42;
}
