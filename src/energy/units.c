/*
 * units.c — the activity items and the units their quantities may be given in.
 *
 * How: two static tables. Unit factors are definitions (10⁴, 10⁸, 10³), not
 * coefficients of any standard, so they live here; every coefficient that a standard
 * or guideline publishes (calorific values, carbon contents, grid factors) is in the
 * JSON files of data/rules/.
 */
#include "jointenv/energy.h"

#include <string.h>

/* The items; quantities stored in the base unit of their dimension. */
static const je_energy_item items[] = {
    {"raw_coal", "原煤", "raw coal", JE_ITEM_FUEL, JE_DIM_MASS},
    {"washed_coal", "洗精煤", "washed clean coal", JE_ITEM_FUEL, JE_DIM_MASS},
    {"coke", "焦炭", "coke", JE_ITEM_FUEL, JE_DIM_MASS},
    {"crude_oil", "原油", "crude oil", JE_ITEM_FUEL, JE_DIM_MASS},
    {"fuel_oil", "燃料油", "fuel oil", JE_ITEM_FUEL, JE_DIM_MASS},
    {"gasoline", "汽油", "gasoline", JE_ITEM_FUEL, JE_DIM_MASS},
    {"kerosene", "煤油", "kerosene", JE_ITEM_FUEL, JE_DIM_MASS},
    {"diesel", "柴油", "diesel", JE_ITEM_FUEL, JE_DIM_MASS},
    {"lpg", "液化石油气", "liquefied petroleum gas", JE_ITEM_FUEL, JE_DIM_MASS},
    {"refinery_gas", "炼厂干气", "refinery dry gas", JE_ITEM_FUEL, JE_DIM_MASS},
    {"natural_gas", "天然气", "natural gas", JE_ITEM_FUEL, JE_DIM_GAS},
    {"coke_oven_gas", "焦炉煤气", "coke-oven gas", JE_ITEM_FUEL, JE_DIM_GAS},
    {"electricity", "电力", "electricity", JE_ITEM_ELECTRICITY, JE_DIM_ELEC},
    {"heat", "热力", "heat", JE_ITEM_HEAT, JE_DIM_HEAT},
    {"clinker", "水泥熟料", "cement clinker", JE_ITEM_CLINKER, JE_DIM_MASS},
    {"gdp", "地区生产总值(不变价)", "GDP at constant prices", JE_ITEM_GDP, JE_DIM_MONEY},
    {"population", "常住人口", "resident population", JE_ITEM_POPULATION, JE_DIM_PEOPLE},
};

typedef struct unit_def {
    const char *name;
    je_energy_dim dim;
    double to_base;
} unit_def;

/* Units: SI prefixes and the Chinese statistical multiples 万 (10⁴) and 亿 (10⁸). */
static const unit_def units[] = {
    {"t", JE_DIM_MASS, 1},
    {"kg", JE_DIM_MASS, 1e-3},
    {"1e4 t", JE_DIM_MASS, 1e4},
    {"10^4 t", JE_DIM_MASS, 1e4},
    {"万t", JE_DIM_MASS, 1e4},
    {"万吨", JE_DIM_MASS, 1e4},
    {"1e4 Nm3", JE_DIM_GAS, 1},
    {"10^4 Nm3", JE_DIM_GAS, 1},
    {"万Nm3", JE_DIM_GAS, 1},
    {"万m3", JE_DIM_GAS, 1},
    {"Nm3", JE_DIM_GAS, 1e-4},
    {"m3", JE_DIM_GAS, 1e-4},
    {"1e8 Nm3", JE_DIM_GAS, 1e4},
    {"亿m3", JE_DIM_GAS, 1e4},
    {"kWh", JE_DIM_ELEC, 1e-3},
    {"1e4 kWh", JE_DIM_ELEC, 10},
    {"10^4 kWh", JE_DIM_ELEC, 10},
    {"万kWh", JE_DIM_ELEC, 10},
    {"MWh", JE_DIM_ELEC, 1},
    {"GWh", JE_DIM_ELEC, 1e3},
    {"1e8 kWh", JE_DIM_ELEC, 1e5},
    {"亿kWh", JE_DIM_ELEC, 1e5},
    {"TWh", JE_DIM_ELEC, 1e6},
    {"GJ", JE_DIM_HEAT, 1},
    {"MJ", JE_DIM_HEAT, 1e-3},
    {"TJ", JE_DIM_HEAT, 1e3},
    {"yuan", JE_DIM_MONEY, 1e-4},
    {"1e4 yuan", JE_DIM_MONEY, 1},
    {"万元", JE_DIM_MONEY, 1},
    {"1e8 yuan", JE_DIM_MONEY, 1e4},
    {"亿元", JE_DIM_MONEY, 1e4},
    {"person", JE_DIM_PEOPLE, 1},
    {"1e4 person", JE_DIM_PEOPLE, 1e4},
    {"万人", JE_DIM_PEOPLE, 1e4},
};

static const char *const base_units[JE_DIM_COUNT] = {"t",  "1e4 Nm3",  "MWh",
                                                     "GJ", "1e4 yuan", "person"};

const je_energy_item *je_energy_items(size_t *out_n)
{
    *out_n = sizeof items / sizeof items[0];
    return items;
}

const je_energy_item *je_energy_item_find(const char *code)
{
    for (size_t i = 0; code && i < sizeof items / sizeof items[0]; i++)
        if (strcmp(items[i].code, code) == 0)
            return &items[i];
    return NULL;
}

const char *je_energy_base_unit(je_energy_dim dim)
{
    return (unsigned)dim < JE_DIM_COUNT ? base_units[dim] : "?";
}

je_status je_energy_unit_convert(const char *item, const char *unit, double q, double *out_base,
                                 je_error *err)
{
    const je_energy_item *it = je_energy_item_find(item);
    if (it == NULL)
        return je_error_set(err, JE_EINVAL, "unknown item '%s'", item ? item : "(null)");
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        if (strcmp(units[i].name, unit) != 0)
            continue;
        if (units[i].dim == it->dim) {
            *out_base = q * units[i].to_base;
            return JE_OK;
        }
        break;
    }
    char list[256] = "";
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        if (units[i].dim != it->dim)
            continue;
        strncat(list, list[0] ? ", " : "", sizeof list - strlen(list) - 1);
        strncat(list, units[i].name, sizeof list - strlen(list) - 1);
    }
    return je_error_set(err, JE_EDATA, "unit '%s' is not a unit of %s (%s: %s)", unit, item,
                        it->name_en, list);
}
