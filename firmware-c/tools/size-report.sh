#!/bin/sh
# size-report.sh: builds the mailbox runtime for AVR (avr-gcc, atmega1284p) and Cortex-M4
# (arm-none-eabi-gcc) with the all-features and the minimal embedded configuration
# (test/cross/{full,minimal}/hsx_mbx_config.h), links each against tools/size_main.c
# (calls the whole public API of the feature set) with --gc-sections and prints flash,
# static SRAM, descriptor record size and the whole-call-tree stack depth against the
# budgets of boards-and-budgets.md. Exit 1 if anything is over budget, 2 if a build fails.
# -v also lists the stack depth of every entry point and the largest symbols.
# --costs prints only the feature-cost table: runtime flash with the optional features
# switched on one at a time from the mandatory core (for budget decisions).
# HSX_SIZE_CFLAGS adds compiler flags (e.g. "-mcall-prologues" or "-flto").
exec python3 "$(dirname "$0")/size_report.py" "$@"
