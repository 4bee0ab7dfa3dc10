/*
 * Foo test device
 */
#ifndef HW_MISC_FOO_H
#define HW_MISC_FOO_H

#include "hw/sysbus.h"

#define TYPE_FOO "foo"

#define FOO_NR_REGS 4

typedef struct FooState {
    SysBusDevice parent_obj;

    MemoryRegion iomem;
    uint32_t ctrl;
    uint32_t status;
    uint32_t regs[FOO_NR_REGS];
    uint16_t count;
    bool irq_pending;
    uint8_t fifo[16];
    uint32_t fifo_len;
} FooState;

#endif
