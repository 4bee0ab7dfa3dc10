/*
 * A header of an older tree, in QEMU's style: a device macro that the
 * catalogue knows with another number of arguments (today's has four).
 */
#ifndef HW_ACPI_OLD_PCIHP_H
#define HW_ACPI_OLD_PCIHP_H

#define VMSTATE_PCI_HOTPLUG(pcihp, state, test_pcihp) \
        VMSTATE_UINT32_TEST(pcihp.hotplug_select, state, \
                            test_pcihp), \
        VMSTATE_STRUCT_ARRAY_TEST(pcihp.acpi_pcihp_pci_status, state, \
                                  ACPI_PCIHP_MAX_HOTPLUG_BUS, \
                                  test_pcihp, 1, \
                                  vmstate_acpi_pcihp_pci_status, \
                                  AcpiPciHpPciStatus)

#endif
