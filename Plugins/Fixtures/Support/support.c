/* The fixtures share a header only; this file gives SwiftPM a C target to build. */
