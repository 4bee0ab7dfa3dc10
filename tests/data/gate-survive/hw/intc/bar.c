/*
 * Bar interrupt presenter
 */
#include "qemu/osdep.h"
#include "hw/intc/bar.h"
#include "migration/vmstate.h"

static const VMStateDescription vmstate_bar_server = {
    .name = "bar/server",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(pending, BarServerState),
        VMSTATE_UINT8(priority, BarServerState),
        VMSTATE_UINT8(mask, BarServerState),
        VMSTATE_END_OF_LIST()
    },
};

static void bar_server_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->vmsd = &vmstate_bar_server;
}

static const TypeInfo bar_server_info = {
    .name = TYPE_BAR_SERVER,
    .parent = TYPE_DEVICE,
    .instance_size = sizeof(BarServerState),
    .class_init = bar_server_class_init,
};

static void bar_register_types(void)
{
    type_register_static(&bar_server_info);
}

type_init(bar_register_types)
