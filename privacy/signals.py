from django.dispatch import Signal

# Sent by personal_data_export with `user`: apps above privacy in the layers (talks) answer
# with a dict of sections to add, so that the export holds their data without privacy
# importing them.
export_sections = Signal()
