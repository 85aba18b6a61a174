/*
 * Test fixture plugin for the Emporium plugin host: MalformedJSON.
 *
 * `call` answers OK with the truncated document `{"rates": [`: the host must reject it as malformed output.
 * Its only export is `emporium_plugin_entry_v1`. Never configure it in a real deployment.
 */
#ifndef EMPORIUM_FIXTURE_MALFORMED_JSON_H
#define EMPORIUM_FIXTURE_MALFORMED_JSON_H
#endif
