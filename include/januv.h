/**
 * @file januv.h
 * Umbrella header: a C client library for the Janus WebRTC Server, on libuv.
 *
 * Link with `pkg-config --cflags --libs januv`. Start with januv/client.h.
 */
#ifndef JANUV_H
#define JANUV_H

#include "januv/version.h"
#include "januv/common.h"
#include "januv/errors.h"
#include "januv/id.h"
#include "januv/client.h"
#include "januv/session.h"
#include "januv/handle.h"
#include "januv/transport.h"
#include "januv/admin.h"
#include "januv/media.h"
#include "januv/plugins/echotest.h"
#include "januv/plugins/videoroom.h"
#include "januv/plugins/videocall.h"
#include "januv/plugins/streaming.h"
#include "januv/plugins/audiobridge.h"
#include "januv/plugins/recordplay.h"
#include "januv/plugins/textroom.h"
#include "januv/plugins/sip.h"

#endif
