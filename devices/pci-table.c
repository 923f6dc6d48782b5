// SPDX-License-Identifier: GPL-2.0
/*
 * devices/pci-table.c - the PCI functions a burnvmm VM has.
 *
 * Only the host bridge for now: guests look for one before they trust
 * mechanism #1 (Linux's pci_sanity_check wants a host bridge or an Intel
 * device at 00:xx), and the ISA devices need no PCI function.  The
 * identity is the Intel 82441FX (440FX) host bridge, which every PC
 * operating system knows and for which none needs a driver.  There is
 * deliberately no IDE function: its presence makes Linux's pata_legacy
 * leave the legacy ports at 0x1F0 to a PCI driver we do not model.
 */
#include "pci.h"

#define PCI_VENDOR_INTEL		0x8086
#define PCI_DEVICE_82441FX		0x1237	/* 440FX host bridge */
#define PCI_CLASS_HOST_BRIDGE		0x060000
#define HOST_BRIDGE_REVISION		0x02

const struct pci_func_desc pci_platform_table[] = {
	{
		.dev = 0,
		.fn = 0,
		.vendor = PCI_VENDOR_INTEL,
		.device = PCI_DEVICE_82441FX,
		.class_rev = PCI_CLASS_HOST_BRIDGE << 8 |
			     HOST_BRIDGE_REVISION,
	},
};

const unsigned int pci_platform_table_size =
	DEV_ARRAY_SIZE(pci_platform_table);
