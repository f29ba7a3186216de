-- 0002_air: air-quality monitoring: cities (the unit HJ 663 assesses), stations and
-- hourly observations of the six AQI pollutants. A city belongs to one jurisdiction;
-- a station belongs to its city's jurisdiction (owner). Daily, annual and alert
-- figures are never stored: they are computed from the stored hours each time, so a
-- late or corrected hour can never leave a stale roll-up behind.

CREATE TABLE air_city (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL,
    jurisdiction TEXT NOT NULL REFERENCES jurisdiction(code)
) STRICT;

CREATE TABLE air_station (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL,
    city_id INTEGER NOT NULL REFERENCES air_city(id),
    district TEXT NOT NULL,
    owner TEXT NOT NULL REFERENCES jurisdiction(code),
    lon REAL NOT NULL CHECK (lon BETWEEN -180 AND 180),
    lat REAL NOT NULL CHECK (lat BETWEEN -90 AND 90),
    kind TEXT NOT NULL CHECK (kind IN ('national', 'provincial', 'background')),
    public INTEGER NOT NULL DEFAULT 1 CHECK (public IN (0, 1)),
    batch_id INTEGER REFERENCES import_batch(id)
) STRICT;
CREATE INDEX air_station_city ON air_station(city_id);

-- One row per (station, hour): hour_at is the UTC start of the hour the values
-- average. µg/m³ except co in mg/m³; NULL = not measured. Bit i of invalid_mask:
-- pollutant i flagged invalid (kept, never used). Order = je_aq_pol in air.h.
CREATE TABLE air_hourly (
    station_id INTEGER NOT NULL REFERENCES air_station(id),
    hour_at INTEGER NOT NULL,
    so2 REAL,
    no2 REAL,
    co REAL,
    o3 REAL,
    pm10 REAL,
    pm25 REAL,
    invalid_mask INTEGER NOT NULL DEFAULT 0,
    batch_id INTEGER NOT NULL REFERENCES import_batch(id),
    PRIMARY KEY (station_id, hour_at)
) STRICT, WITHOUT ROWID;
