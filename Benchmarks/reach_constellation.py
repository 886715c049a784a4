"""The REACH constellation as the benchmark scripts need it: sensor number, hosting Iridium
vehicle (the reference tool's lookup table) and the two dosimeter flavors in slot order.
Mirrors Sources/REACHMission/REACHSensor.swift."""

SENSORS = [
    (101, 102, "XW"), (102, 113, "YV"), (105, 106, "YU"), (108, 133, "XW"), (113, 121, "YV"),
    (114, 110, "XW"), (115, 107, "XW"), (116, 108, "YV"), (133, 117, "XW"), (134, 125, "YU"),
    (135, 126, "XW"), (136, 132, "XW"), (137, 119, "XW"), (138, 134, "YU"), (139, 137, "XW"),
    (140, 122, "YV"), (148, 131, "YV"), (149, 164, "XW"), (162, 147, "XW"), (163, 149, "YV"),
    (164, 152, "XW"), (165, 145, "YU"), (166, 180, "YV"), (169, 153, "XZ"), (170, 156, "XZ"),
    (171, 158, "XZ"), (172, 159, "XZ"), (173, 165, "XW"), (175, 168, "YU"), (176, 150, "XW"),
    (180, 171, "XZ"), (181, 160, "XZ"),
]

SENSOR_IDS = [f"REACH-{number}" for number, _, _ in SENSORS]
VEHICLE_OF = {f"REACH-{number}": f"Iridium-{vehicle}" for number, vehicle, _ in SENSORS}
SENSOR_OF_VEHICLE = {vehicle: sensor for sensor, vehicle in VEHICLE_OF.items()}
FLAVORS_OF = {f"REACH-{number}": list(letters) for number, _, letters in SENSORS}
