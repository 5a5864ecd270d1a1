import Foundation

extension MaintenanceWindow {
    /// Whether `instant` (milliseconds since the epoch) falls inside the window.
    ///
    /// The window is read on the wall clock of its zone (``timeZone``, else `defaultZone`): on
    /// the day clocks jump forward a 01:00–05:00 window lasts three hours, on the day they go
    /// back five. A window whose end is before its start crosses midnight and belongs to the day
    /// it starts (`days: [fri]`, 22:00–04:00 includes Saturday 03:00). Start is included, end is
    /// not. An unknown zone never contains anything: pushing at an unintended hour is worse
    /// than not pushing.
    public func contains(_ instant: Double, defaultZone: String) -> Bool {
        guard let zone = IANAZone.named(timeZone ?? defaultZone) else { return false }
        let wall = CivilTime.wallSeconds(atMilliseconds: instant, in: zone)
        let day = Int((wall / 86_400).rounded(.down))
        let minute = Int(((wall - Double(day) * 86_400) / 60).rounded(.down))
        return contains(minute: minute, day: day)
    }

    /// Whether local `minute` (0–1439) of local day number `day` is inside the window.
    func contains(minute: Int, day: Int) -> Bool {
        func allowed(_ day: Int) -> Bool { weekdays.isEmpty || weekdays.contains(CivilTime.isoWeekday(ofDay: day)) }
        if start < end { return minute >= start && minute < end && allowed(day) }
        return (minute >= start && allowed(day)) || (minute < end && allowed(day - 1))
    }
}
