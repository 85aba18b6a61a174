/* The writer's ceiling for scripts/bench-feeds: N Google RSS items built in memory and written
 * with libxml2's xmlTextWriter (indented, like Emporium) to a file or stdout, no database.
 * Build: gcc -O2 feed.c $(pkg-config --cflags --libs libxml-2.0) -o feed-c
 * Usage: feed-c ITEMS OUTPUT   (OUTPUT "-" for stdout) */
#include <libxml/xmlwriter.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define W(name, value) xmlTextWriterWriteElement(writer, BAD_CAST name, BAD_CAST value)

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s ITEMS OUTPUT\n", argv[0]);
        return 2;
    }
    long items = atol(argv[1]);
    xmlInitParser();
    xmlTextWriterPtr writer = xmlNewTextWriterFilename(strcmp(argv[2], "-") == 0 ? "-" : argv[2], 0);
    if (!writer) return 1;
    xmlTextWriterSetIndent(writer, 1);
    xmlTextWriterSetIndentString(writer, BAD_CAST "  ");
    xmlTextWriterStartDocument(writer, "1.0", "UTF-8", NULL);
    xmlTextWriterStartElement(writer, BAD_CAST "rss");
    xmlTextWriterWriteAttribute(writer, BAD_CAST "version", BAD_CAST "2.0");
    xmlTextWriterWriteAttribute(writer, BAD_CAST "xmlns:g", BAD_CAST "http://base.google.com/ns/1.0");
    xmlTextWriterStartElement(writer, BAD_CAST "channel");
    W("title", "Emporium");
    W("link", "https://shop.example.com/us");
    W("description", "Emporium products, Web US");
    W("lastBuildDate", "Fri, 27 Nov 2026 11:45:01 GMT");
    char id[64], title[256], link[256], image[256], price[32], group[64];
    const char *description =
        "Everyday linen shirt in a relaxed fit, garment-washed for softness. Breathable, durable and easy "
        "to care for; machine wash cold, tumble dry low.";
    for (long i = 0; i < items; i++) {
        long product = i / 4;
        snprintf(id, sizeof id, "DEMO-%06ld-%ld", product, i % 4);
        snprintf(title, sizeof title, "Acme Linen Shirt %ld - M / Blue %ld", product, i % 4);
        snprintf(link, sizeof link, "https://shop.example.com/us/products/acme-linen-shirt-%ld?variant=%s", product, id);
        snprintf(image, sizeof image, "https://shop.example.com/media/placeholder/acme-linen-shirt-%ld-1.svg", product);
        snprintf(price, sizeof price, "%ld.%02ld USD", 10 + i % 90, i % 100);
        snprintf(group, sizeof group, "acme-linen-shirt-%ld", product);
        xmlTextWriterStartElement(writer, BAD_CAST "item");
        W("g:id", id);
        W("g:title", title);
        W("g:description", description);
        W("g:link", link);
        W("g:image_link", image);
        W("g:additional_image_link", image);
        W("g:availability", "in_stock");
        W("g:price", price);
        W("g:brand", "Acme");
        W("g:gtin", "04006381333931");
        W("g:condition", "new");
        W("g:item_group_id", group);
        W("g:product_type", "Apparel > Shirts");
        xmlTextWriterEndElement(writer);
    }
    xmlTextWriterEndDocument(writer);
    xmlFreeTextWriter(writer);
    xmlCleanupParser();
    return 0;
}
