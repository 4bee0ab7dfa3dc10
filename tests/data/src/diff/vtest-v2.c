/*
 * A made-up interface in QEMU's style, for the source-level comparison
 * tests of field_exists tests that depend on the version alone: the state
 * moves into a struct loaded at version 1 from old streams (where an unused
 * byte replaces use_irq) and at version 2 from new ones (with outlen).
 */
#include "qemu/osdep.h"
#include "hw/isa/isa.h"
#include "migration/vmstate.h"

#define TYPE_BAZ_KCS "baz-kcs"
#define BAZ_KCS_NEW_LAYOUT 2

static bool baz_kcs_before_version2(void *opaque, int version)
{
    return version < BAZ_KCS_NEW_LAYOUT;
}

static bool baz_kcs_v2_on(void *opaque, int version_id)
{
    return !(version_id <= 1);
}

static bool baz_kcs_irq_wired(void *opaque, int version_id)
{
    BazKCS *k = opaque;

    return version_id >= 2 && k->irq_wired;
}

static const VMStateDescription vmstate_baz_kcs_state = {
    .name = TYPE_BAZ_KCS "-state",
    .version_id = 2,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_BOOL(irq_set, BazKCS),
        VMSTATE_UNUSED_TEST(baz_kcs_before_version2, 1), /* was use_irq */
        VMSTATE_UINT32(outpos, BazKCS),
        VMSTATE_UINT32_TEST(outlen, BazKCS, baz_kcs_v2_on),
        VMSTATE_UINT8_ARRAY(outmsg, BazKCS, 16),
        VMSTATE_UINT8(status_reg, BazKCS),
        VMSTATE_BOOL_TEST(irq_wired, BazKCS, baz_kcs_irq_wired),
        VMSTATE_END_OF_LIST()
    }
};

static const VMStateDescription vmstate_baz_kcs = {
    .name = TYPE_BAZ_KCS,
    .version_id = 2,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_VSTRUCT_TEST(kcs, BazKCSDevice, baz_kcs_before_version2,
                             0, vmstate_baz_kcs_state, BazKCS, 1),
        VMSTATE_VSTRUCT_V(kcs, BazKCSDevice, 2, vmstate_baz_kcs_state,
                          BazKCS, 2),
        VMSTATE_END_OF_LIST()
    }
};
