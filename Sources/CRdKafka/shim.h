#ifndef FERRULE_CRDKAFKA_SHIM_H
#define FERRULE_CRDKAFKA_SHIM_H

#include <librdkafka/rdkafka.h>

/*
 * librdkafka's C API as Swift sees it. Compiled against Debian's librdkafka-dev (2.0.2) and run
 * against any librdkafka 2.x with the same C ABI (librdkafka.so.1): against Tansu that must be
 * 2.16 or later (docs/kafka.md). Only functions present in 2.0.2 are used. Macros Swift cannot
 * import (casts of negative numbers to int64_t) are re-exported as constants.
 */

/* RD_KAFKA_PARTITION_UA and the logical offsets (rdkafka.h: #define RD_KAFKA_OFFSET_INVALID -1001). */
static const int64_t FERRULE_RD_KAFKA_OFFSET_INVALID = (int64_t)RD_KAFKA_OFFSET_INVALID;
static const int64_t FERRULE_RD_KAFKA_OFFSET_BEGINNING = (int64_t)RD_KAFKA_OFFSET_BEGINNING;

#endif
