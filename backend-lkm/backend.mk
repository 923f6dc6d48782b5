# SPDX-License-Identifier: GPL-2.0
#
# backend-lkm/backend.mk - the in-place VMM image, build/ipvmm.elf: the
# back end for burnvmm.ko (entry code, hypercall glue) linked with the
# frontend and the device models at the window base
# (CONFIG_BURNVMM_WINDOW_BASE).  docs/ipvmm.md tells the story.
#
#   build/backend-lkm/obj32/*.o   the back end, -m32 freestanding
#   build/ipvmm.elf               the image burnctl loads
#   build/ipvmm.checked           proof it needs no undefined symbol and
#                                 fits its 4 MiB region
#
# Variables are prefixed backend_ because every fragment shares one make.

backend_names := run glue
backend_hdrs := $(wildcard $(SRC)/backend-lkm/*.h) $(frontend_hdrs)
backend_objs := $(backend_names:%=$(BUILD)/backend-lkm/obj32/%.o) \
	$(BUILD)/backend-lkm/obj32/entry.o
backend_window = $(shell sed -n 's/^\#define CONFIG_BURNVMM_WINDOW_BASE //p' \
	$(CONFIG_H))

$(BUILD)/backend-lkm/obj32/%.o: $(SRC)/backend-lkm/%.c $(backend_hdrs)
	$(call MSG,CC32,$(@:$(BUILD)/%=%))
	@mkdir -p $(@D)
	$(Q)$(GUEST_CC) $(frontend_cflags32) -c $< -o $@

$(BUILD)/backend-lkm/obj32/entry.o: $(SRC)/backend-lkm/entry.S $(backend_hdrs)
	$(call MSG,AS32,$(@:$(BUILD)/%=%))
	@mkdir -p $(@D)
	$(Q)$(GUEST_CC) $(GUEST_CFLAGS) -c $< -o $@

# No libgcc and no libc: an undefined symbol fails the link itself.
$(BUILD)/ipvmm.elf: $(backend_objs) $(frontend_lib32) \
		$(BUILD)/devices/libdevices32.a $(SRC)/backend-lkm/ipvmm.ld \
		$(CONFIG_H)
	$(call MSG,LD,$(@:$(BUILD)/%=%))
	$(Q)ld $(GUEST_LDFLAGS) --no-warn-rwx-segments \
		--defsym=IPVMM_BASE=$(backend_window) \
		-T $(SRC)/backend-lkm/ipvmm.ld -o $@ $(backend_objs) \
		$(frontend_lib32) $(BUILD)/devices/libdevices32.a

$(BUILD)/ipvmm.checked: $(BUILD)/ipvmm.elf $(SRC)/backend-lkm/check-image
	$(call MSG,CHECK,$(<:$(BUILD)/%=%))
	$(Q)$(SRC)/backend-lkm/check-image $< $(backend_window) && touch $@

ALL_TARGETS += $(BUILD)/ipvmm.elf $(BUILD)/ipvmm.checked
