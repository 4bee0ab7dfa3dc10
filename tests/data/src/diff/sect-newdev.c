/*
 * sect-v1.c with a new device type of its own: a section no release had.
 */
#include "qemu/osdep.h"
#include "hw/sysbus.h"
#include "migration/vmstate.h"

#define TYPE_QUUX "quux"

static const VMStateDescription vmstate_quux_timer = {
    .name = "quux-timer",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT64(expire, QuuxTimer),
        VMSTATE_END_OF_LIST()
    }
};

static const VMStateDescription vmstate_quux = {
    .name = TYPE_QUUX,
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(ctrl, QuuxState),
        VMSTATE_STRUCT(timer, QuuxState, 0, vmstate_quux_timer, QuuxTimer),
        VMSTATE_END_OF_LIST()
    }
};

static void quux_realize(DeviceState *dev, Error **errp)
{
    QuuxState *s = QUUX(dev);

    s->ctrl = 0;
}

static const VMStateDescription vmstate_quux_lite = {
    .name = "quux-lite",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(ctrl, QuuxState),
        VMSTATE_END_OF_LIST()
    }
};

static void quux_lite_class_init(ObjectClass *klass, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->vmsd = &vmstate_quux_lite;
}

static void quux_class_init(ObjectClass *klass, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->realize = quux_realize;
    dc->vmsd = &vmstate_quux;
}
