import type { ReactNode } from "react";
import { Card, CardBody, CardHeader } from "@/components/ui/card";

// The catalog pages' layout: the list, and beside it (below it on a phone) the create form for those who may create.
export function ListWithPanel({ list, panelTitle, panel }: { list: ReactNode; panelTitle: string; panel?: ReactNode }) {
  return (
    <div className="grid grid-cols-1 gap-6 lg:grid-cols-[1fr_22rem]">
      <Card className="self-start">{list}</Card>
      {panel ? (
        <Card className="self-start">
          <CardHeader title={panelTitle} />
          <CardBody>{panel}</CardBody>
        </Card>
      ) : null}
    </div>
  );
}
