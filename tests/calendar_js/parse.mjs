// Reads an iCalendar feed on stdin and prints its events as JSON, as Mozilla's ical.js
// (Thunderbird's parser) understands them. Run by tests/reach/test_calendar_feed.py.
import ICAL from "ical.js";

let text = "";
process.stdin.setEncoding("utf8");
for await (const chunk of process.stdin) { text += chunk; }
const calendar = new ICAL.Component(ICAL.parse(text));
const events = calendar.getAllSubcomponents("vevent").map(function (component) {
  const event = new ICAL.Event(component);
  return {
    uid: event.uid,
    summary: event.summary,
    status: component.getFirstPropertyValue("status"),
    transp: component.getFirstPropertyValue("transp"),
    location: event.location,
    url: component.getFirstPropertyValue("url"),
    start: event.startDate.toString(),
    zone: event.startDate.timezone,
    sequence: event.sequence,
  };
});
process.stdout.write(JSON.stringify(events));
