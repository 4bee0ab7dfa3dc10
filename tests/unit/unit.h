#ifndef VG_UNIT_H
#define VG_UNIT_H
/* Common includes for the cmocka unit tests (run from the source tree). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#endif
