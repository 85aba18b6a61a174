/*
 * flat-rate-shipping: an Emporium plugin written in plain C.
 *
 * Implements the `fulfilment.rates` hook with one rate, "flat-rate-shipping:standard": a flat price,
 * or a price by weight band, free from a subtotal threshold, in one currency. See
 * docs/plugins/flat-rate-shipping.md for its configuration and docs/plugins/README.md for the ABI.
 *
 * The library's only export is `emporium_plugin_entry_v1` (declared by emporium_plugin.h's
 * `emporium_plugin_entry_v1_fn`); there is nothing here for other code to call.
 */
#ifndef EMPORIUM_FLAT_RATE_SHIPPING_H
#define EMPORIUM_FLAT_RATE_SHIPPING_H
#endif
