/*
 * A made-up device in QEMU's style whose table entries travel through a
 * VMStateInfo of its own: its get/put code decides the bytes.
 */
#include "qemu/osdep.h"
#include "migration/vmstate.h"

#define QUX_NR_ENTRIES 8

typedef struct QuxEntry {
    uint32_t addr;
    uint16_t asid;
    uint16_t flags;
} QuxEntry;

static int get_qux_entry(QEMUFile *f, void *pv, size_t size,
                         const VMStateField *field)
{
    QuxEntry *e = pv;
    Error *local_err = NULL;

    assert(size == sizeof(*e));
    qemu_get_be32s(f, &e->addr);
    qemu_get_be16s(f, &e->asid);
    qemu_get_be16s(f, &e->flags);
    error_free(local_err);
    trace_qux_entry_loaded(e->addr, e->asid);
    return 0;
}

static int put_qux_entry(QEMUFile *f, void *pv, size_t size,
                         const VMStateField *field, JSONWriter *vmdesc)
{
    QuxEntry *e = pv;

    g_assert(e->flags != 0xffff);
    qemu_put_be32s(f, &e->addr);
    qemu_put_be16s(f, &e->asid);
    qemu_put_be16s(f, &e->flags);
    return 0;
}

static const VMStateInfo vmstate_info_qux_entry = {
    .name = "qux_entry",
    .get  = get_qux_entry,
    .put  = put_qux_entry,
};

static const VMStateDescription vmstate_qux_table = {
    .name = "qux/table",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(nr_used, QuxTable),
        VMSTATE_ARRAY(entries, QuxTable, QUX_NR_ENTRIES, 0,
                      vmstate_info_qux_entry, QuxEntry),
        VMSTATE_END_OF_LIST()
    }
};

static const VMStateDescription vmstate_qux = {
    .name = "qux",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(ctrl, QuxState),
        VMSTATE_STRUCT(table, QuxState, 0, vmstate_qux_table, QuxTable),
        VMSTATE_END_OF_LIST()
    }
};

static void qux_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);

    dc->vmsd = &vmstate_qux;
}
