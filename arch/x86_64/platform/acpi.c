/*
 * Just enough ACPI to find the IOAPICs: locate the RSDP in the BIOS
 * areas, walk the RSDT (or XSDT) to the MADT ("APIC" table), and read its
 * IOAPIC entries and ISA interrupt source overrides. Everything else in
 * ACPI (power, devices, AML) is dom0's business.
 *
 * Tables are read through ioremap(): firmware keeps them in ranges the
 * memory map calls reserved, which the direct map need not cover. Every
 * table's checksum is verified before a field of it is trusted.
 */
#include <arch/acpi.h>
#include <arch/paging.h>
#include <hv/lib.h>
#include <hv/printk.h>

/* Where the RSDP may be: the first KiB of the EBDA, whose segment the
 * BIOS data area holds, or the BIOS ROM, on a 16-byte boundary. */
#define BDA_EBDA_SEGMENT 0x40e
#define EBDA_SEARCH_LEN 1024
#define BIOS_ROM_START 0xe0000
#define BIOS_ROM_END 0x100000
#define RSDP_ALIGN 16
#define REAL_MODE_SEGMENT_SHIFT 4

#define RSDP_SIGNATURE "RSD PTR "
#define RSDP_V1_LEN 20
#define RSDP_REVISION_XSDT 2 /* ACPI 2.0+: the XSDT may be used */
#define RSDP_MAX_LEN 64      /* 36 today; room for growth, not garbage */
#define ACPI_SIG_LEN 4
#define MADT_SIGNATURE "APIC"
/* Far larger than any real table: a bigger length is corruption. */
#define ACPI_TABLE_MAX_LEN MiB(1)

#define MADT_TYPE_IOAPIC 1
#define MADT_TYPE_ISO 2
#define ISA_BUS 0
#define MPS_POLARITY_MASK 0x3
#define MPS_POLARITY_LOW 0x3
#define MPS_TRIGGER_SHIFT 2
#define MPS_TRIGGER_MASK 0x3
#define MPS_TRIGGER_LEVEL 0x3

struct __packed acpi_rsdp {
    char signature[8];
    uint8_t checksum; /* over the first RSDP_V1_LEN bytes */
    char oem_id[6];
    uint8_t revision;
    uint32_t rsdt_address;
    /* Revision 2 and later: */
    uint32_t length;
    uint64_t xsdt_address;
    uint8_t extended_checksum; /* over 'length' bytes */
    uint8_t reserved[3];
};

struct __packed acpi_header {
    char signature[ACPI_SIG_LEN];
    uint32_t length; /* of the whole table, header included */
    uint8_t revision;
    uint8_t checksum;
    char oem_id[6];
    char oem_table_id[8];
    uint32_t oem_revision;
    uint32_t creator_id;
    uint32_t creator_revision;
};

struct __packed acpi_madt {
    struct acpi_header header;
    uint32_t lapic_address;
    uint32_t flags;
    uint8_t entries[]; /* {type, length, ...} records */
};

struct __packed madt_entry_header {
    uint8_t type;
    uint8_t length;
};

struct __packed madt_entry_ioapic {
    struct madt_entry_header h;
    uint8_t id;
    uint8_t reserved;
    uint32_t address;
    uint32_t gsi_base;
};

struct __packed madt_entry_iso {
    struct madt_entry_header h;
    uint8_t bus;
    uint8_t source; /* the ISA IRQ */
    uint32_t gsi;
    uint16_t flags; /* MPS INTI flags: polarity, trigger mode */
};

_Static_assert(sizeof(struct acpi_rsdp) == 36, "ACPI RSDP layout");
_Static_assert(sizeof(struct acpi_header) == 36, "ACPI header layout");
_Static_assert(sizeof(struct madt_entry_ioapic) == 12, "MADT IOAPIC");
_Static_assert(sizeof(struct madt_entry_iso) == 10, "MADT override");

static bool checksum_ok(const void *p, size_t len)
{
    const uint8_t *b = p;
    uint8_t sum = 0;

    for (size_t i = 0; i < len; i++)
        sum += b[i];
    return sum == 0;
}

static const struct acpi_rsdp *rsdp_scan(paddr_t start, size_t len)
{
    const uint8_t *area = ioremap(start, len);

    for (size_t off = 0; off + sizeof(struct acpi_rsdp) <= len;
         off += RSDP_ALIGN) {
        const struct acpi_rsdp *r = (const void *)(area + off);

        if (!memcmp(r->signature, RSDP_SIGNATURE, sizeof(r->signature)) &&
            checksum_ok(r, RSDP_V1_LEN))
            return r;
    }
    return NULL;
}

static const struct acpi_rsdp *rsdp_find(void)
{
    const uint16_t *ebda_segment = ioremap(BDA_EBDA_SEGMENT, sizeof(uint16_t));
    paddr_t ebda = (paddr_t)*ebda_segment << REAL_MODE_SEGMENT_SHIFT;
    const struct acpi_rsdp *r = NULL;

    if (ebda && ebda < BIOS_ROM_START)
        r = rsdp_scan(ebda, EBDA_SEARCH_LEN);
    if (!r)
        r = rsdp_scan(BIOS_ROM_START, BIOS_ROM_END - BIOS_ROM_START);
    return r;
}

/* Map a whole table once its header says how long it is; NULL if it is
 * implausibly long or fails its checksum. */
static const struct acpi_header *table_map(paddr_t pa)
{
    const struct acpi_header *h = ioremap(pa, sizeof(*h));
    uint32_t len = h->length;

    if (len < sizeof(*h) || len > ACPI_TABLE_MAX_LEN)
        return NULL;
    h = ioremap(pa, len);
    return checksum_ok(h, len) ? h : NULL;
}

/* The XSDT, with 64-bit table addresses, exists from ACPI 2.0; its
 * address is covered by the extended checksum only. */
static bool rsdp_has_xsdt(const struct acpi_rsdp *rsdp)
{
    return rsdp->revision >= RSDP_REVISION_XSDT && rsdp->xsdt_address &&
           rsdp->length >= sizeof(*rsdp) && rsdp->length <= RSDP_MAX_LEN &&
           checksum_ok(rsdp, rsdp->length);
}

/* Walk the RSDT (4-byte entries) or XSDT (8-byte) for 'signature'. */
static const struct acpi_header *table_find(const struct acpi_rsdp *rsdp,
                                            const char *signature)
{
    bool xsdt = rsdp_has_xsdt(rsdp);
    size_t entry_size = xsdt ? sizeof(uint64_t) : sizeof(uint32_t);
    const struct acpi_header *root =
        table_map(xsdt ? rsdp->xsdt_address : rsdp->rsdt_address);
    const uint8_t *entries;

    if (!root)
        return NULL;
    entries = (const uint8_t *)(root + 1);
    for (size_t off = 0; off + entry_size <= root->length - sizeof(*root);
         off += entry_size) {
        uint64_t pa = 0; /* the XSDT's entries are not 8-byte aligned */
        const struct acpi_header *t;

        memcpy(&pa, entries + off, entry_size);
        t = pa ? table_map(pa) : NULL;
        if (t && !memcmp(t->signature, signature, ACPI_SIG_LEN))
            return t;
    }
    return NULL;
}

static void madt_add_ioapic(struct madt_info *out,
                            const struct madt_entry_ioapic *e)
{
    if (out->nr_ioapics == MADT_MAX_IOAPICS) {
        pr_warn("ACPI: more than %u IOAPICs, ignoring id %u\n",
                MADT_MAX_IOAPICS, e->id);
        return;
    }
    out->ioapic[out->nr_ioapics++] = (struct madt_ioapic){
        .id = e->id, .base = e->address, .gsi_base = e->gsi_base};
}

static void madt_add_override(struct madt_info *out,
                              const struct madt_entry_iso *e)
{
    unsigned polarity = e->flags & MPS_POLARITY_MASK;
    unsigned trigger = (e->flags >> MPS_TRIGGER_SHIFT) & MPS_TRIGGER_MASK;

    if (e->bus != ISA_BUS || e->source >= ISA_IRQS)
        return;
    /* "Conforms to the bus" (0) means ISA's edge, active high. */
    out->isa[e->source] = (struct isa_irq_route){
        .gsi = e->gsi,
        .active_low = polarity == MPS_POLARITY_LOW,
        .level = trigger == MPS_TRIGGER_LEVEL,
    };
    pr_debug("ACPI: ISA IRQ %u -> GSI %u%s%s\n", e->source, e->gsi,
             polarity == MPS_POLARITY_LOW ? ", active low" : "",
             trigger == MPS_TRIGGER_LEVEL ? ", level" : "");
}

static void madt_parse(const struct acpi_madt *madt, struct madt_info *out)
{
    const uint8_t *p = madt->entries;
    const uint8_t *end = (const uint8_t *)madt + madt->header.length;

    while (p + sizeof(struct madt_entry_header) <= end) {
        const struct madt_entry_header *h = (const void *)p;

        if (h->length < sizeof(*h) || p + h->length > end)
            break; /* a broken record: trust nothing after it */
        if (h->type == MADT_TYPE_IOAPIC &&
            h->length >= sizeof(struct madt_entry_ioapic))
            madt_add_ioapic(out, (const void *)p);
        else if (h->type == MADT_TYPE_ISO &&
                 h->length >= sizeof(struct madt_entry_iso))
            madt_add_override(out, (const void *)p);
        p += h->length;
    }
}

bool acpi_parse_madt(struct madt_info *out)
{
    const struct acpi_rsdp *rsdp;
    const struct acpi_header *madt;

    memset(out, 0, sizeof(*out));
    for (unsigned irq = 0; irq < ISA_IRQS; irq++)
        out->isa[irq].gsi = irq;
    rsdp = rsdp_find();
    if (!rsdp)
        return false;
    madt = table_find(rsdp, MADT_SIGNATURE);
    if (!madt || madt->length < sizeof(struct acpi_madt))
        return false;
    madt_parse((const struct acpi_madt *)madt, out);
    return true;
}
