UNIT_TESTS += xs_conn
# dom0's store connection and its heap, with guest-lib's xenbus client on
# the other side of the page.
UNIT_SRCS_xs_conn := tools/dom0/xs_conn.c tools/dom0/xs_heap.c \
    tools/dom0/xs_path.c tools/dom0/xs_perms.c tools/dom0/xs_tree.c \
    tools/dom0/xs_ops.c tools/dom0/xs_txn.c tools/dom0/xs_watch.c \
    tools/dom0/xs_domain.c guest-lib/xenbus.c hv/lib/xs_codec.c \
    hv/lib/xs_ring.c hv/lib/parse.c hv/lib/string.c hv/lib/format.c
$(BUILD)/unit/obj/tests/unit/test_xs_conn.o: \
    UNIT_CFLAGS += -Itools/dom0 -Iguest-lib/include
