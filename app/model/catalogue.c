/* catalogue.c — lookups in a model_Catalogue by id. Linear scans: the
 * catalogue holds a few dozen items at most (caps in catalogue.h). */
#include <string.h>

#include "model/catalogue.h"

const model_Charm *model_catalogue_charm(const model_Catalogue *cat, const char *id)
{
    if (!cat || !id)
        return NULL;
    for (int i = 0; i < cat->n_charms && i < MODEL_MAX_CHARMS; i++)
        if (strcmp(cat->charms[i].id, id) == 0)
            return &cat->charms[i];
    return NULL;
}

const model_Finish *model_catalogue_finish(const model_Catalogue *cat, const char *id)
{
    if (!cat || !id)
        return NULL;
    for (int i = 0; i < cat->n_finishes && i < MODEL_MAX_FINISHES; i++)
        if (strcmp(cat->finishes[i].id, id) == 0)
            return &cat->finishes[i];
    return NULL;
}

const model_Font *model_catalogue_font(const model_Catalogue *cat, const char *id)
{
    if (!cat || !id)
        return NULL;
    for (int i = 0; i < cat->n_fonts && i < MODEL_MAX_FONTS; i++)
        if (strcmp(cat->fonts[i].id, id) == 0)
            return &cat->fonts[i];
    return NULL;
}
