/*
 * dev-sub-added.c with .subsections (and .post_load) given twice in
 * vmstate_foo: C keeps the last list, so foo-dev/irq is no longer sent.
 */
#include "qemu/osdep.h"
#include "hw/pci/pci_device.h"
#include "migration/vmstate.h"

#define TYPE_FOO_DEV "foo-dev"
#define FOO_NR_REGS 8

typedef struct FooQueue {
    uint32_t head;
    uint32_t tail;
} FooQueue;

static const VMStateDescription vmstate_foo_queue = {
    .name = "foo-queue",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(head, FooQueue),
        VMSTATE_UINT32(tail, FooQueue),
        VMSTATE_END_OF_LIST()
    }
};

static bool foo_irq_needed(void *opaque)
{
    return true;
}

static const VMStateDescription vmstate_foo_irq = {
    .name = TYPE_FOO_DEV "/irq",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = foo_irq_needed,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT8(irq_level, FooState),
        VMSTATE_END_OF_LIST()
    }
};

static const VMStateDescription vmstate_foo_dma = {
    .name = TYPE_FOO_DEV "/dma",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = foo_dma_needed,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT64(dma_addr, FooState),
        VMSTATE_END_OF_LIST()
    }
};

static const VMStateDescription vmstate_foo = {
    .name = TYPE_FOO_DEV,
    .version_id = 2,
    .minimum_version_id = 1,
    .post_load = foo_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_PCI_DEVICE(parent_obj, FooState),
        VMSTATE_UINT32(ctrl, FooState),
        VMSTATE_INT32(status, FooState),
        VMSTATE_UINT32_ARRAY(regs, FooState, FOO_NR_REGS),
        VMSTATE_STRUCT(queue, FooState, 0, vmstate_foo_queue, FooQueue),
        VMSTATE_BOOL(enabled, FooState),
        VMSTATE_TIMER_PTR(timer, FooState),
        VMSTATE_UINT16_V(extra, FooState, 2),
        VMSTATE_END_OF_LIST()
    },
    .subsections = (const VMStateDescription * const []) {
        &vmstate_foo_irq,
        &vmstate_foo_dma,
        NULL
    },
    .post_load = foo_post_load,
    .subsections = (const VMStateDescription * const []) {
        &vmstate_foo_dma,
        NULL
    }
};

static const VMStateDescription vmstate_foo_bus = {
    .name = "foo-bus",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(nr_devs, FooBus),
        VMSTATE_END_OF_LIST()
    }
};

static void foo_class_init(ObjectClass *klass, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->vmsd = &vmstate_foo;
}

static void foo_bus_class_init(ObjectClass *klass, const void *data)
{
    BusClass *bc = BUS_CLASS(klass);

    bc->vmsd = &vmstate_foo_bus;
}
