/*
 * Test fixture plugin for the Emporium plugin host: StaffDiscount.
 *
 * `pricing.adjust` answers a fixed order discount of 2000 EUR minor units ("Staff discount"), whatever
 * the cart: the first link of the pricing chain in the tests, so that the next rule's answer shows it
 * saw this one's. Its only export is `emporium_plugin_entry_v1`. Never configure it in a real deployment.
 */
#ifndef EMPORIUM_FIXTURE_STAFF_DISCOUNT_H
#define EMPORIUM_FIXTURE_STAFF_DISCOUNT_H
#endif
