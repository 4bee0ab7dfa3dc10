/*
 * The sysbus wrapper of ii.c: the section "ii", the core nested.
 */
#include "qemu/osdep.h"
#include "hw/sysbus.h"
#include "migration/vmstate.h"

static const VMStateDescription vmstate_ii_sys = {
    .name = "ii",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_STRUCT(state, IISysState, 0, vmstate_ii, IIState),
        VMSTATE_END_OF_LIST()
    }
};

static void ii_sys_class_init(ObjectClass *klass, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->vmsd = &vmstate_ii_sys;
}
