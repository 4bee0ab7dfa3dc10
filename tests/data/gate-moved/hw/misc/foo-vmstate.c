/*
 * Foo test device: migration state
 */
#include "qemu/osdep.h"
#include "hw/misc/foo.h"
#include "migration/vmstate.h"

static bool foo_fifo_needed(void *opaque)
{
    FooState *s = opaque;

    return s->fifo_len != 0;
}

static const VMStateDescription vmstate_foo_fifo = {
    .name = "foo/fifo",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = foo_fifo_needed,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT8_ARRAY(fifo, FooState, 16),
        VMSTATE_UINT32(fifo_len, FooState),
        VMSTATE_END_OF_LIST()
    }
};

const VMStateDescription vmstate_foo = {
    .name = "foo",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(ctrl, FooState),
        VMSTATE_UINT32(status, FooState),
        VMSTATE_UINT32_ARRAY(regs, FooState, FOO_NR_REGS),
        VMSTATE_UINT16(count, FooState),
        VMSTATE_BOOL(irq_pending, FooState),
        VMSTATE_END_OF_LIST()
    },
    .subsections = (const VMStateDescription * const []) {
        &vmstate_foo_fifo,
        NULL
    }
};
