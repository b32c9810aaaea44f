Feature: Lang Son — the first day at a commune center's counters
  Trial of 26 June 2025: "nearly 200 visits on the first day", "not letting people wait too long".
  A generated day of arrivals is served by the center's counters; the queue and the dossiers'
  timeliness are measured.

  Scenario Outline: A busy first day without congestion
    Given commune "Khánh Khê" of province "Lạng Sơn"
    And the counters of "Khánh Khê" open at 07:30 with <counters> reception clerks
    When <visits> citizens arrive between 07:30 and 17:00, each with a "land change registration"
    Then nobody waits longer than <wait> minutes at "Khánh Khê"
    And every dossier received at "Khánh Khê" is due on time

    Examples:
      | counters | visits | wait |
      | 4        | 200    | 30   |
      | 2        | 120    | 45   |
