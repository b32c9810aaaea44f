Feature: A ward's monthly report, read by its leader
  The figures of the reports page, checked in English phrasing.

  Scenario: A dossier returned on its day counts as finished on time
    Given ward "Long An" and ward "Kiến Tường" of province "Tây Ninh"
    And today is 01/12/2025 at 08:30
    When a citizen submits "land change registration" at "Long An"
    And 10 working days pass
    And the specialist of "Long An" approves the dossier
    And the leader of "Long An" signs the result
    And the reception clerk of "Long An" returns the result
    Then the dossier is returned on time
    And the report of "Long An" shows 1 on-time dossier
    And the report of "Long An" shows 1 finished dossier
    And the report of "Long An" shows 0 online dossiers
