/*
 * The CMOS real-time clock, read once to learn the wall-clock time at
 * boot (Xen's shared_info wc_sec: guests add their system time to it).
 * Its registers may hold BCD or binary and a 12-hour clock; a read that
 * straddles the clock's once-a-second update is retried.
 */
#include <arch/cpu.h>
#include <hv/arch.h>

#define CMOS_INDEX 0x70
#define CMOS_DATA 0x71
#define CMOS_NMI_DISABLE 0x80 /* keep NMIs off while indexing */
#define RTC_SECONDS 0x00
#define RTC_MINUTES 0x02
#define RTC_HOURS 0x04
#define RTC_DAY 0x07
#define RTC_MONTH 0x08
#define RTC_YEAR 0x09
#define RTC_CENTURY 0x32 /* where PC firmware usually keeps it */
#define RTC_STATUS_A 0x0a
#define RTC_STATUS_B 0x0b
#define RTC_A_UPDATING (1 << 7)
#define RTC_B_24_HOUR (1 << 1)
#define RTC_B_BINARY (1 << 2)
#define RTC_HOUR_PM (1 << 7)
#define RTC_READ_TRIES 5
#define SECONDS_PER_DAY 86400ULL
#define HOURS_PER_HALF_DAY 12
#define EPOCH_YEAR 1970
#define DEFAULT_CENTURY 20

struct rtc_time {
    unsigned sec, min, hour, day, month, year, century;
};

static uint8_t cmos_read(uint8_t reg)
{
    outb(CMOS_INDEX, CMOS_NMI_DISABLE | reg);
    return inb(CMOS_DATA);
}

static unsigned from_bcd(uint8_t v)
{
    return (v >> 4) * 10 + (v & 0xf);
}

static void rtc_read_raw(struct rtc_time *t)
{
    while (cmos_read(RTC_STATUS_A) & RTC_A_UPDATING)
        cpu_pause();
    t->sec = cmos_read(RTC_SECONDS);
    t->min = cmos_read(RTC_MINUTES);
    t->hour = cmos_read(RTC_HOURS);
    t->day = cmos_read(RTC_DAY);
    t->month = cmos_read(RTC_MONTH);
    t->year = cmos_read(RTC_YEAR);
    t->century = cmos_read(RTC_CENTURY);
}

static bool same_time(const struct rtc_time *a, const struct rtc_time *b)
{
    return a->sec == b->sec && a->min == b->min && a->hour == b->hour &&
           a->day == b->day && a->month == b->month && a->year == b->year;
}

static void rtc_normalise(struct rtc_time *t, uint8_t status_b)
{
    bool pm = t->hour & RTC_HOUR_PM;

    t->hour &= ~RTC_HOUR_PM;
    if (!(status_b & RTC_B_BINARY)) {
        t->sec = from_bcd(t->sec);
        t->min = from_bcd(t->min);
        t->hour = from_bcd(t->hour);
        t->day = from_bcd(t->day);
        t->month = from_bcd(t->month);
        t->year = from_bcd(t->year);
        t->century = from_bcd(t->century);
    }
    if (!(status_b & RTC_B_24_HOUR))
        t->hour = t->hour % HOURS_PER_HALF_DAY + (pm ? HOURS_PER_HALF_DAY : 0);
    if (t->century == 0)
        t->century = DEFAULT_CENTURY;
}

/* Days from 1970-01-01 to the given civil date (proleptic Gregorian). */
static uint64_t days_from_epoch(unsigned year, unsigned month, unsigned day)
{
    static const unsigned days_before_month[] = {0,   31,  59,  90,  120, 151,
                                                 181, 212, 243, 273, 304, 334};
    uint64_t days = 0;

    for (unsigned y = EPOCH_YEAR; y < year; y++)
        days += (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 366 : 365;
    days += days_before_month[(month - 1) % 12];
    if (month > 2 && year % 4 == 0 && (year % 100 != 0 || year % 400 == 0))
        days++;
    return days + day - 1;
}

uint64_t arch_wallclock_seconds(void)
{
    struct rtc_time a, b;
    unsigned year;

    rtc_read_raw(&a);
    for (unsigned i = 0; i < RTC_READ_TRIES; i++) {
        rtc_read_raw(&b);
        if (same_time(&a, &b))
            break;
        a = b;
    }
    rtc_normalise(&a, cmos_read(RTC_STATUS_B));
    year = a.century * 100 + a.year;
    if (year < EPOCH_YEAR || a.month < 1 || a.month > 12 || a.day < 1)
        return 0; /* no usable clock: the epoch */
    return days_from_epoch(year, a.month, a.day) * SECONDS_PER_DAY +
           a.hour * 3600ULL + a.min * 60ULL + a.sec;
}
