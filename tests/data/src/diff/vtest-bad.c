/*
 * A made-up interface in QEMU's style, for the source-level comparison
 * tests of field_exists tests: outlen appended under a test that is true
 * at every version (an error, as if ungated), irq_wired under one that
 * reads the state (only the run time knows: a warning).
 */
#include "qemu/osdep.h"
#include "hw/isa/isa.h"
#include "migration/vmstate.h"

#define TYPE_BAZ_KCS "baz-kcs"

static bool baz_kcs_since_v1(void *opaque, int version_id)
{
    return version_id >= 1 || version_id == 0;
}

static bool baz_kcs_wired(void *opaque, int version_id)
{
    BazKCSDevice *d = opaque;

    return d->kcs.irq_wired;
}

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
        VMSTATE_UINT32_TEST(kcs.outlen, BazKCSDevice, baz_kcs_since_v1),
        VMSTATE_BOOL_TEST(kcs.irq_wired, BazKCSDevice, baz_kcs_wired),
        VMSTATE_END_OF_LIST()
    }
};
