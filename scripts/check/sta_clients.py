#!/usr/bin/env python3
"""Real SensorThings clients against a live `qingshan serve` holding PRSA Dongsi 2016.

Usage: sta_clients.py BASE_URL WRITE_TOKEN   (BASE_URL like http://127.0.0.1:8080)

frost-sta-client (Fraunhofer) and stapy list Things with their Datastreams, page through Observations with a
filter on time and result, and create Observations as a writer; every value read is compared with what the
store answers through Qingshan's own REST API (CSV). Prints 'N passed, N failed' and exits 1 on a failure.
"""
import datetime
import os
import sys
import tempfile
import urllib.request

import frost_sta_client as fsc

url, token = sys.argv[1].rstrip("/"), sys.argv[2]
sta = url + "/sta/v1.1"
passed = failed = 0


def check(name, condition, detail=""):
    global passed, failed
    if condition:
        passed += 1
        print(f"ok   {name}")
    else:
        failed += 1
        print(f"FAIL {name} {detail}")


def stored(parameter, start, end):
    """Values of prsa-dongsi from the REST API (CSV), in time order."""
    query = f"parameter={parameter}&interval=hour&from={start}&to={end}&format=csv".replace("+", "%2B")
    text = urllib.request.urlopen(f"{url}/api/v1/sites/prsa-dongsi/observations?{query}").read().decode()
    return [float(line.split(",")[1]) for line in text.splitlines()[1:]]


march = ("2016-03-01T00:00:00+08:00", "2016-04-01T00:00:00+08:00")
expected = [v for v in stored("pm25", *march) if v > 100]
time_filter = f"phenomenonTime ge {march[0]} and phenomenonTime lt {march[1]} and result gt 100"
pm25 = "prsa-dongsi:a34004:hour"

# frost-sta-client
service = fsc.SensorThingsService(sta, auth_handler=fsc.service.auth_handler.AuthHandler(username="writer", password=token))
things = list(service.things().query().expand("Datastreams").list())
dongsi = [t for t in things if t.id == "prsa-dongsi"]
check("frost: Things listed with their Datastreams", len(dongsi) == 1 and pm25 in [d.id for d in dongsi[0].datastreams],
      [t.id for t in things])
datastream = service.datastreams().find(pm25)
check("frost: Datastream found by id", datastream.id == pm25 and datastream.unit_of_measurement.symbol == "µg/m³")
observations = list(datastream.get_observations().query().filter(time_filter).top(50).list())
check("frost: paged Observations equal the store's", [o.result for o in observations] == expected,
      f"{len(observations)} vs {len(expected)}")
created = fsc.Observation(phenomenon_time=datetime.datetime(2017, 1, 5, 8, tzinfo=datetime.timezone(datetime.timedelta(hours=8))),
                          result=77.5, datastream=datastream)
service.create(created)
check("frost: created Observation has an id", created.id == f"{pm25}:{1483574400000}", created.id)
check("frost: created Observation reads back", service.observations().find(created.id).result == 77.5)
check("frost: created value is in the store", stored("pm25", "2017-01-05T08:00:00+08:00", "2017-01-05T09:00:00+08:00") == [77.5])

# stapy (keeps its settings in ./.stapy.ini)
os.chdir(tempfile.mkdtemp())
import stapy  # noqa: E402
from stapy import Entity, Query, set_credentials, set_sta_url  # noqa: E402

set_sta_url(sta)
set_credentials("writer", token)
ids = Query(Entity.Thing).entity_id("'prsa-dongsi'").sub_entity(Entity.Datastream).select("@iot.id").get_data_sets()
check("stapy: a Thing's Datastreams", pm25 in ids, ids)
# stapy puts the filter into the URL unencoded, where '+' reads as a space: the same range in UTC.
utc_filter = "phenomenonTime ge 2016-02-29T16:00:00Z and phenomenonTime lt 2016-03-31T16:00:00Z and result gt 100"
results = Query(Entity.Datastream).entity_id(f"'{pm25}'").sub_entity(Entity.Observation).filter(utc_filter).limit(40) \
    .select("result").get_data_sets()
check("stapy: filtered Observations, all pages, equal the store's", [float(r) for r in results] == expected,
      f"{len(results)} vs {len(expected)}")
import requests  # noqa: E402

answer = requests.post(f"{sta}/Observations", auth=("writer", token),
                       json={"phenomenonTime": "2017-01-05T09:00:00+08:00/2017-01-05T10:00:00+08:00", "result": 81,
                             "Datastream": {"@iot.id": pm25}})
check("stapy's transport (requests): create with Basic auth", answer.status_code == 201 and "Observations(" in answer.headers.get("location", ""))
check("created value is in the store", stored("pm25", "2017-01-05T09:00:00+08:00", "2017-01-05T10:00:00+08:00") == [81.0])
refused = requests.post(f"{sta}/Observations", auth=("writer", "wrong"), json={"result": 1})
check("a wrong token is refused", refused.status_code == 401)

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
