UNIT_TESTS += xs_store
# dom0's xenstore: paths, permissions, watches, transactions and quotas,
# on the host's malloc.
UNIT_SRCS_xs_store := tools/dom0/xs_path.c tools/dom0/xs_perms.c \
    tools/dom0/xs_tree.c tools/dom0/xs_ops.c tools/dom0/xs_txn.c \
    tools/dom0/xs_watch.c tools/dom0/xs_domain.c \
    hv/lib/string.c hv/lib/format.c
$(BUILD)/unit/obj/tests/unit/test_xs_store.o: UNIT_CFLAGS += -Itools/dom0
