"""The working-day calendar and the statutory deadline arithmetic (条例 Art. 30–35)."""
