/*
 * Foo test device
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

static const VMStateDescription vmstate_foo = {
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

static void foo_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->vmsd = &vmstate_foo;
}

static const TypeInfo foo_info = {
    .name = TYPE_FOO,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(FooState),
    .class_init = foo_class_init,
};

static void foo_register_types(void)
{
    type_register_static(&foo_info);
}

type_init(foo_register_types)
