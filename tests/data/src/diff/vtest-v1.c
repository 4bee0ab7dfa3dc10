/*
 * A made-up interface in QEMU's style, for the source-level comparison
 * tests of field_exists tests that depend on the version alone.
 */
#include "qemu/osdep.h"
#include "hw/isa/isa.h"
#include "migration/vmstate.h"

#define TYPE_BAZ_KCS "baz-kcs"

static const VMStateDescription vmstate_baz_kcs = {
    .name = TYPE_BAZ_KCS,
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_BOOL(kcs.irq_set, BazKCSDevice),
        VMSTATE_BOOL(kcs.use_irq, BazKCSDevice),
        VMSTATE_UINT32(kcs.outpos, BazKCSDevice),
        VMSTATE_UINT8_ARRAY(kcs.outmsg, BazKCSDevice, 16),
        VMSTATE_UINT8(kcs.status_reg, BazKCSDevice),
        VMSTATE_END_OF_LIST()
    }
};
