/*
 * A made-up power management device of an older tree, in QEMU's style.
 */
#include "qemu/osdep.h"
#include "oldmacro.h"
#include "migration/vmstate.h"

static bool qux_pm_pcihp_needed(void *opaque, int version_id)
{
    QuxPMState *s = opaque;

    return s->use_acpi_hotplug_bridge;
}

static const VMStateDescription vmstate_qux_pm = {
    .name = "qux_pm",
    .version_id = 3,
    .minimum_version_id = 3,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT16(ss.pmsts, QuxPMState),
        VMSTATE_PCI_HOTPLUG(acpi_pci_hotplug, QuxPMState,
                            qux_pm_pcihp_needed),
        VMSTATE_END_OF_LIST()
    }
};
