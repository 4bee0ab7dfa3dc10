/*
 * Foo test device
 */
#include "qemu/osdep.h"
#include "hw/misc/foo.h"

extern const VMStateDescription vmstate_foo;

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
