"""Read a schedule.xml with MPXJ, an independent reader of Microsoft Project files, and print
what it sees as one JSON document: tasks, links, resources, assignments, holidays, total work,
and each task's dates as MPXJ's own critical-path scheduler (Microsoft Project's rules) works
them out again from the durations, links and calendar in the file.

Usage: python3 read_schedule.py schedule.xml
Needs the PyPI packages mpxj and jpype1 and a Java runtime. Work is printed in milliseconds
(whole numbers) so the caller can compare sums exactly.
"""

import json
import sys

import jpype
import mpxj  # noqa: F401  (puts MPXJ's jars on the class path)

jpype.startJVM("-Djava.awt.headless=true", convertStrings=True)

from java.time import DayOfWeek  # noqa: E402
from org.mpxj import RelationType, TimeUnit  # noqa: E402
from org.mpxj.cpm import MicrosoftScheduler  # noqa: E402
from org.mpxj.mspdi import MSPDIReader  # noqa: E402

LINK_TYPES = {
    RelationType.FINISH_START: "FS",
    RelationType.START_START: "SS",
    RelationType.FINISH_FINISH: "FF",
    RelationType.START_FINISH: "SF",
}


def main(path):
    project = MSPDIReader().read(path)
    props = project.getProjectProperties()

    def convert(duration, unit):
        if duration is None:
            return None
        return float(duration.convertUnits(unit, props).getDuration())

    def millis(duration):
        hours = convert(duration, TimeUnit.HOURS)
        return None if hours is None else round(hours * 3_600_000)

    def day(value):
        return None if value is None else str(value.toLocalDate())

    tasks = []
    links = []
    for task in project.getTasks():
        uid = int(task.getUniqueID())
        if uid == 0:  # the project's own summary task, which MPXJ may add
            continue
        tasks.append(
            {
                "uid": uid,
                "name": task.getName(),
                "outline_level": int(task.getOutlineLevel()),
                "summary": bool(task.getSummary()),
                "start": day(task.getStart()),
                "finish": day(task.getFinish()),
                "start_time": str(task.getStart().toLocalTime()),
                "finish_time": str(task.getFinish().toLocalTime()),
                "duration_days": convert(task.getDuration(), TimeUnit.DAYS),
                "work_ms": millis(task.getWork()),
                "contact": task.getContact(),
            }
        )
        for relation in task.getPredecessors():
            links.append(
                {
                    "from": int(relation.getPredecessorTask().getUniqueID()),
                    "to": uid,
                    "type": LINK_TYPES[relation.getType()],
                    "lag_days": convert(relation.getLag(), TimeUnit.DAYS),
                }
            )
    resources = [
        {"uid": int(r.getUniqueID()), "name": r.getName()}
        for r in project.getResources()
        if r.getName() is not None
    ]
    assignments = [
        {
            "task": int(a.getTask().getUniqueID()),
            "resource": int(a.getResource().getUniqueID()),
            "work_ms": millis(a.getWork()),
        }
        for a in project.getResourceAssignments()
        if a.getResource() is not None
    ]
    # Schedule again, from the file's start date, and keep what the scheduler gives each task.
    MicrosoftScheduler().schedule(project, props.getStartDate())
    rescheduled = {
        int(t.getUniqueID()): (day(t.getEarlyStart()), day(t.getEarlyFinish()))
        for t in project.getTasks()
    }
    for task in tasks:
        task["scheduled_start"], task["scheduled_finish"] = rescheduled[task["uid"]]
    calendar = project.getDefaultCalendar()
    holidays = sorted(str(e.getFromDate()) for e in calendar.getCalendarExceptions())
    leaf_work = sum(t["work_ms"] or 0 for t in tasks if not t["summary"])
    print(
        json.dumps(
            {
                "title": props.getProjectTitle(),
                "start": day(props.getStartDate()),
                "finish": day(props.getFinishDate()),
                "minutes_per_day": int(props.getMinutesPerDay()),
                "tasks": tasks,
                "links": links,
                "resources": resources,
                "assignments": assignments,
                "holidays": holidays,
                "working_weekdays": [
                    str(d) for d in DayOfWeek.values() if calendar.isWorkingDay(d)
                ],
                "total_work_ms": leaf_work,
            },
            indent=1,
        )
    )


if __name__ == "__main__":
    main(sys.argv[1])
